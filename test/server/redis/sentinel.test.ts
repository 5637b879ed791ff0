/**
 * The Redis store behind Sentinel (issue 14: decision 0002 claimed it, `--store` could not
 * say it). Debian's redis-sentinel watches a primary with one replica; the store, opened
 * from a `redis+sentinel://` spec as the CLI does, keeps serving after the primary dies
 * and the replica is promoted.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../server/store/open-store.js';
import type { RunStore } from '../../../server/store/run-store.js';
import { redisTarget } from '../../../server/store/redis-target.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from './redis-server-process.js';
import { shouldSkipSentinelTests, startSentinel, type SentinelProcess } from './sentinel-process.js';

describe('redis+sentinel:// specs', () => {
  it('reads every sentinel, the primary name, the database and the credentials', () => {
    expect(redisTarget('redis+sentinel://u:p%40ss@10.0.0.1:26379,[::1]:26380,db-3/main/2')).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '::1', port: 26380 },
        { host: 'db-3', port: 26379 },
      ],
      name: 'main',
      db: 2,
      username: 'u',
      password: 'p@ss',
    });
    expect(redisTarget('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(() => redisTarget('redis+sentinel://h1:26379')).toThrow(/primary-name/);
    expect(() => redisTarget('redis+sentinel://h1:99999/main')).toThrow(/not a sentinel host:port/);
  });
});

describe.skipIf(shouldSkipRedisTests() || shouldSkipSentinelTests())('the Redis store behind Sentinel', () => {
  let primary: RedisProcess;
  let replica: RedisProcess;
  let sentinel: SentinelProcess;
  let store: RunStore | undefined;
  beforeAll(async () => {
    primary = await startRedisServer();
    replica = await startRedisServer({ replicaOf: primary.port });
    sentinel = await startSentinel('runs', primary.port);
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await sentinel?.stop();
    await replica?.stop();
    await primary?.stop();
  });

  it('serves runs through the primary the Sentinel names, and follows a failover to the replica', async () => {
    store = await openStore(`redis+sentinel://127.0.0.1:${sentinel.port}/runs?prefix=sentinel:`);
    expect(await store.createRun('acme', { id: 'r' }, new Date())).toMatchObject({ id: 'r' });
    const append = (text: string, key: string) =>
      store!.append('r', [{ type: 'log', text }], { now: new Date(), idempotencyKey: key });
    expect(await append('before', 'k1')).toMatchObject({ ok: true });
    // Let the replica catch up, then lose the primary.
    const onReplica = new Redis(replica.url);
    try {
      await expect.poll(() => onReplica.xlen('sentinel:run:{r}:events'), { timeout: 5000 }).toBe(1);
    } finally {
      onReplica.disconnect();
    }
    await primary.kill();
    await sentinel.logged(/\+switch-master runs/);
    // Appends fail (retryable) until ioredis finds the new primary, then succeed.
    let outcome: unknown;
    await expect
      .poll(
        async () => {
          outcome = await append('after', 'k2').catch((error: unknown) => (error as Error).name);
          return (outcome as { ok?: boolean }).ok === true;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe(true);
    const run = await store.getRun('r');
    expect(run?.snapshot).toMatchObject({ seq: 2, logLines: 2 });
  }, 40_000);
});
