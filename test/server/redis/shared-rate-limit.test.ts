/**
 * With several workers on one Redis the rate limit is one budget per client, not one per
 * worker (issue 14: behind a round-robin proxy each worker kept its own, so a client got
 * N times its limit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunServer, type StartedRunServer } from '../../../server/index.js';
import { silentLogger } from '../../../server/ops/logger.js';
import { openRedisStore } from '../../../server/store/open-redis-store.js';
import type { RunStore } from '../../../server/store/run-store.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from './redis-server-process.js';

describe.skipIf(shouldSkipRedisTests())('the rate limit on a Redis store', () => {
  let redis: RedisProcess;
  const stores: RunStore[] = [];
  const servers: StartedRunServer[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  it('is one budget across workers: a client alternating between two gets the burst once', async () => {
    for (let i = 0; i < 2; i++) {
      const store = await openRedisStore({ url: redis.url, keyPrefix: 'shared-limit:' });
      stores.push(store);
      servers.push(await startRunServer({ store, logger: silentLogger(), rateLimit: { perSecond: 1, burst: 3 } }));
    }
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${servers[i % 2]!.url}/runs`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    const refused = await fetch(`${servers[0]!.url}/runs`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
