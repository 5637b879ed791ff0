import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, UnsupportedStoreError } from '../../../server/store/open-store.js';
import { StoreUnavailableError } from '../../../server/store/run-store-errors.js';
import type { RunStore } from '../../../server/store/run-store.js';
import { at } from '../store/run-store-suite.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from './redis-server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'open-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Creates a run through `store`, then reads it through a second store of the same spec. */
async function sharesRuns(spec: string): Promise<boolean> {
  const writer: RunStore = await openStore(spec);
  const reader: RunStore = await openStore(spec);
  try {
    await writer.createRun('acme', { id: 'shared' }, at(0));
    return (await reader.getRun('shared')) !== undefined;
  } finally {
    await Promise.all([writer.close(), reader.close()]);
  }
}

describe('openStore', () => {
  it('opens SQLite for a path, a sqlite: spec and :memory:', async () => {
    expect(await sharesRuns(join(dir, 'plain', 'runs.db'))).toBe(true);
    expect(await sharesRuns(`sqlite:${join(dir, 'prefixed.db')}`)).toBe(true);
    expect(await sharesRuns(`sqlite://${join(dir, 'slashes.db')}`)).toBe(true);
    expect(await sharesRuns(':memory:')).toBe(false); // each in-memory store is its own
  });

  it('refuses an engine it does not have, without echoing a password', async () => {
    const opening = openStore('postgres://app:s3cret@db:5432/runs');
    await expect(opening).rejects.toBeInstanceOf(UnsupportedStoreError);
    await expect(opening).rejects.not.toThrow(/s3cret/);
    await expect(openStore('sqlite:')).rejects.toBeInstanceOf(UnsupportedStoreError);
  });

  it('fails with StoreUnavailableError when the Redis of a redis:// spec cannot be reached', async () => {
    await expect(openStore('redis://127.0.0.1:1')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  describe.skipIf(shouldSkipRedisTests())('with Redis', () => {
    let redis: RedisProcess | undefined;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('opens the Redis store for redis://, with the key prefix from ?prefix=', async () => {
      expect(await sharesRuns(`${redis!.url}/0?prefix=one:`)).toBe(true);
      const [one, two] = [await openStore(`${redis!.url}?prefix=one:`), await openStore(`${redis!.url}?prefix=two:`)];
      try {
        expect(await one.getRun('shared')).toBeDefined();
        expect(await two.getRun('shared')).toBeUndefined();
      } finally {
        await Promise.all([one.close(), two.close()]);
      }
    });
  });
});
