/**
 * Byte-bounded reads (issue 13): every read path of both stores stops at `maxBytes`, says
 * where to continue, and still serves one item larger than the bound alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEventInput } from '../../../src/contract/index.js';
import { openRedisStore } from '../../../server/store/redis-store.js';
import type { RunStore } from '../../../server/store/run-store.js';
import { openSqliteStore } from '../../../server/store/sqlite-store.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from '../redis/redis-server-process.js';

const KIB = 1024;
const line = (n: number, size: number): RunEventInput => ({ type: 'log', text: `${n}:`.padEnd(size, 'x') });
const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 5, 0, s));

function describeBounds(name: string, open: () => Promise<RunStore>, skip = false): void {
  describe.skipIf(skip)(name, () => {
    let store: RunStore;
    beforeAll(async () => {
      store = await open();
      await store.createRun('t', { id: 'big' }, at(0));
      // 40 lines of 8 KiB, a progress event, then one line of 64 KiB and 5 more of 8 KiB.
      const events: RunEventInput[] = Array.from({ length: 40 }, (_, i) => line(i + 1, 8 * KIB));
      events.push({ type: 'progress', phase: 'p' }, line(42, 64 * KIB));
      for (let i = 43; i <= 47; i++) events.push(line(i, 8 * KIB));
      const outcome = await store.append('big', events, { now: at(1) });
      expect(outcome.ok).toBe(true);
    });
    afterAll(async () => {
      await store.close();
    });

    it('ends an events page before the byte bound and continues from its last seq', async () => {
      const page = await store.readEvents('big', 0, 5000, { maxBytes: 32 * KIB });
      const seqs = page!.events.map((e) => e.seq);
      // Each stored line is a little over 8 KiB: three fit in 32 KiB, a fourth would not.
      expect(seqs).toEqual([1, 2, 3]);
      expect(page!.lastSeq).toBe(47);
      const next = await store.readEvents('big', 3, 5000, { maxBytes: 32 * KIB });
      expect(next!.events[0]!.seq).toBe(4);
      // Without a bound the whole page comes, as before.
      expect((await store.readEvents('big', 0, 5000))!.events).toHaveLength(47);
    });

    it('serves one event larger than the bound alone, so no reader is stuck', async () => {
      const page = await store.readEvents('big', 41, 5000, { maxBytes: 16 * KIB });
      expect(page!.events.map((e) => e.seq)).toEqual([42]);
      // Everything read page by page from 0, with a bound far under one big line: every seq once.
      const seen: number[] = [];
      let cursor = 0;
      for (let i = 0; i < 100 && cursor < 47; i++) {
        const p = await store.readEvents('big', cursor, 5000, { maxBytes: 1 });
        for (const e of p!.events) seen.push(e.seq);
        cursor = p!.events.at(-1)!.seq;
      }
      expect(seen).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
    });

    it('bounds the log tail in bytes, keeping the newest lines', async () => {
      const tail = await store.readLogTail('big', 5000, { maxBytes: 20 * KIB });
      expect(tail!.map((e) => e.seq)).toEqual([46, 47]);
      const huge = await store.readLogTail('big', 5000, { maxBytes: 1 });
      expect(huge!.map((e) => e.seq)).toEqual([47]);
      expect(await store.readLogTail('big', 5000)).toHaveLength(46);
    });

    it('ends a list of runs with large checklists early, with next', async () => {
      const label = 'l'.repeat(4000);
      for (let i = 0; i < 6; i++) {
        const steps = Array.from({ length: 10 }, (_, k) => ({ key: `s${k}`, label }));
        await store.createRun('list', { id: `run-${i}`, steps }, at(10 + i));
      }
      // Each snapshot is about 40 KB: two fit in 100 KiB.
      const first = await store.listRuns({ tenant: 'list', limit: 100, maxBytes: 100 * KIB });
      expect(first.runs.map((r) => r.id)).toEqual(['run-5', 'run-4']);
      expect(first.next).toBeDefined();
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await store.listRuns({ tenant: 'list', limit: 100, cursor, maxBytes: 1 });
        ids.push(...page.runs.map((r) => r.id));
        cursor = page.next;
        if (cursor === undefined) break;
      }
      expect(ids).toEqual(['run-5', 'run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
      expect((await store.listRuns({ tenant: 'list', limit: 100 })).runs).toHaveLength(6);
    });
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
describeBounds('SQLite store: byte-bounded reads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rpk-bounds-'));
  dirs.push(dir);
  return openSqliteStore({ path: join(dir, 'runs.db') });
});

let redis: RedisProcess | undefined;
describe.skipIf(shouldSkipRedisTests())('Redis', () => {
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  describeBounds('Redis store: byte-bounded reads', async () =>
    openRedisStore({ url: redis!.url, keyPrefix: 'bounds:' }),
  );
});
