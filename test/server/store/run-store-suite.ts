/**
 * The behaviour every {@link RunStore} must show, as a reusable Vitest suite: the SQLite
 * store runs it, and so will the Redis store, so both answer the HTTP layer alike.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyEvent,
  initialSnapshot,
  type CreateRunInput,
  type RunEvent,
  type RunEventInput,
  type RunSnapshot,
} from '../../../src/contract/index.js';
import type { RunStore } from '../../../server/store/run-store.js';

/** What the suite asks of the store it opens; a store must honour each option given. */
export interface SuiteStoreOptions {
  /** Retention limit under test; when absent, use the store's default. */
  maxEventsPerRun?: number;
  /** Cap on a tenant's unfinished runs under test. */
  maxActiveRunsPerTenant?: number;
  /** Cap on a tenant's bytes of events under test. */
  maxBytesPerTenant?: number;
}

/** Opens a fresh, empty store. */
export type OpenStore = (options?: SuiteStoreOptions) => Promise<RunStore>;

const BASE = Date.UTC(2026, 10, 25, 5, 0, 0);
/** A fixed instant `s` seconds after the suite's epoch. */
export const at = (s: number): Date => new Date(BASE + s * 1000);

/** Folds `events` over a run's initial snapshot, as a client replaying everything would. */
export function foldFromStart(created: RunSnapshot, events: readonly RunEvent[]): RunSnapshot {
  return events.reduce(applyEvent, created);
}

/** Reads every retained event of a run, page by page. */
export async function readAll(store: RunStore, runId: string): Promise<RunEvent[]> {
  const all: RunEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await store.readEvents(runId, after, 1000);
    if (!page) throw new Error(`run ${runId} vanished`);
    all.push(...page.events);
    if (page.events.length === 0 || page.events.at(-1)!.seq >= page.lastSeq) return all;
    after = page.events.at(-1)!.seq;
  }
}

const log = (text: string, extra: Partial<Extract<RunEventInput, { type: 'log' }>> = {}): RunEventInput => ({
  type: 'log',
  text,
  ...extra,
});

/**
 * Registers the shared run-store behaviour under `describe(name)`. `open` must return
 * a new store with no runs each time it is called; the suite closes it.
 */
export function describeRunStore(name: string, open: OpenStore): void {
  describe(name, () => {
    let store: RunStore;
    const opened: RunStore[] = [];
    const openStore = async (options?: SuiteStoreOptions) => {
      const s = await open(options);
      opened.push(s);
      return s;
    };
    const create = async (id: string, input: Omit<CreateRunInput, 'id'> = {}, tenant = 'acme', now = at(0)) => {
      const created = await store.createRun(tenant, { ...input, id }, now);
      if (typeof created === 'string') throw new Error(`run ${id} exists`);
      return created;
    };
    const appendOk = async (runId: string, events: RunEventInput[], now = at(1), idempotencyKey?: string) => {
      const outcome = await store.append(runId, events, { now, idempotencyKey });
      if (!outcome.ok) throw new Error(`append refused: ${outcome.reason}: ${outcome.detail}`);
      return outcome;
    };

    beforeEach(async () => {
      store = await openStore();
    });

    it("refuses an append past the tenant's byte cap, counts trims back, and leaves other tenants alone", async () => {
      const capped = await openStore({ maxBytesPerTenant: 2000, maxEventsPerRun: 10 });
      for (const [tenant, id] of [
        ['acme', 'a'],
        ['acme', 'b'],
        ['other', 'c'],
      ] as const)
        await capped.createRun(tenant, { id }, at(0));
      const line = (n: number) => ({ type: 'log' as const, text: `${n}`.padStart(100, 'x') });
      // About 150 bytes an event: 6 fit in 2000 bytes over the two runs, and more do not.
      let stored = 0;
      let refused: unknown;
      for (let n = 0; n < 20 && refused === undefined; n++) {
        const outcome = await capped.append(n % 2 === 0 ? 'a' : 'b', [line(n)], { now: at(1) });
        if (outcome.ok) stored++;
        else refused = outcome;
      }
      expect(stored).toBeGreaterThanOrEqual(10);
      expect(stored).toBeLessThan(14);
      expect(refused).toMatchObject({ ok: false, reason: 'tenant-full' });
      // Nothing of the refused batch was stored, and another tenant is not affected.
      expect((await capped.getRun('a'))!.snapshot.seq + (await capped.getRun('b'))!.snapshot.seq).toBe(stored);
      expect(await capped.append('c', [line(99)], { now: at(1) })).toMatchObject({ ok: true });
    });

    it("refuses a tenant's run past its cap on unfinished runs, until one ends, and leaves other tenants alone", async () => {
      const capped = await openStore({ maxActiveRunsPerTenant: 2 });
      for (const id of ['a', 'b']) expect(await capped.createRun('acme', { id }, at(0))).toMatchObject({ id });
      expect(await capped.createRun('acme', { id: 'c' }, at(1))).toBe('tenant-full');
      expect(await capped.createRun('other', { id: 'd' }, at(1))).toMatchObject({ id: 'd' });
      // The id of an existing run is still told as taken, whatever the cap.
      expect(await capped.createRun('acme', { id: 'a' }, at(1))).toBe('exists');
      await capped.append('a', [{ type: 'status', status: 'succeeded' }], { now: at(2) });
      expect(await capped.createRun('acme', { id: 'c' }, at(3))).toMatchObject({ id: 'c' });
      expect(await capped.getRun('c')).toBeDefined();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    describe('creating and reading runs', () => {
      it('creates a queued run with its steps, kind and tenant, and refuses a taken id', async () => {
        const created = await create('r1', { kind: 'pricing', title: 'Q4', steps: [{ key: 'load', label: 'Load' }] });
        expect(created).toEqual(
          initialSnapshot({
            id: 'r1',
            createdAt: at(0).toISOString(),
            kind: 'pricing',
            title: 'Q4',
            steps: [{ key: 'load', label: 'Load' }],
          }),
        );
        expect(await store.createRun('other-tenant', { id: 'r1' }, at(5))).toBe('exists');
        expect(await store.getRun('r1')).toEqual({ tenant: 'acme', snapshot: created, firstSeq: 1 });
        expect(await store.getRun('nope')).toBeUndefined();
        expect(await store.readEvents('nope', 0, 10)).toBeUndefined();
        expect(await store.readLogTail('nope', 10)).toBeUndefined();
      });

      it('pages events after a cursor, oldest first, with the run status and last seq', async () => {
        await create('r1');
        await appendOk('r1', [log('a'), log('b'), log('c'), log('d'), log('e')]);
        const page = await store.readEvents('r1', 1, 2);
        expect(page).toMatchObject({ firstSeq: 1, lastSeq: 5, status: 'running' });
        expect(page!.events.map((e) => e.seq)).toEqual([2, 3]);
        expect((await store.readEvents('r1', 5, 10))!.events).toEqual([]);
        expect((await store.readEvents('r1', 0, 0))!.events).toEqual([]);
      });
    });

    describe('appending', () => {
      it('assigns seqs strictly +1 with no gap or repeat under many concurrent appends', async () => {
        await create('r1');
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, (_, i) => appendOk('r1', [log(`${i}.a`), log(`${i}.b`), log(`${i}.c`)])),
        );
        const ranges = outcomes.map((o) => [o.result.firstSeq, o.result.lastSeq] as const).sort((a, b) => a[0] - b[0]);
        ranges.forEach(([first, last], i) => {
          expect(first).toBe(i * 3 + 1);
          expect(last).toBe(first + 2);
        });
        for (const o of outcomes)
          expect(o.events.map((e) => e.seq)).toEqual([0, 1, 2].map((d) => o.result.firstSeq + d));
        const stored = await readAll(store, 'r1');
        expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
        // Each append's lines stay together and in order.
        for (const o of outcomes) {
          const texts = stored
            .slice(o.result.firstSeq - 1, o.result.lastSeq)
            .map((e) => (e.type === 'log' ? e.text : ''));
          expect(texts.map((t) => t.slice(-1))).toEqual(['a', 'b', 'c']);
        }
        expect((await store.getRun('r1'))!.snapshot).toMatchObject({ seq: 150, logLines: 150 });
      });

      it('answers a repeated idempotency key with the first result and stores nothing', async () => {
        await create('r1');
        await create('r2');
        const first = await appendOk('r1', [log('one'), log('two')], at(1), 'key-1');
        expect(first.result).toEqual({ runId: 'r1', firstSeq: 1, lastSeq: 2, replayed: false });
        const again = await appendOk('r1', [log('one'), log('two')], at(2), 'key-1');
        expect(again.result).toEqual({ runId: 'r1', firstSeq: 1, lastSeq: 2, replayed: true });
        expect(again.events).toEqual([]);
        expect((await store.getRun('r1'))!.snapshot.seq).toBe(2);
        // Keys belong to one run: the same key on another run is a new append.
        expect((await appendOk('r2', [log('x')], at(1), 'key-1')).result.replayed).toBe(false);
        // Still a replay after the run has ended, not a refusal.
        await appendOk('r1', [{ type: 'status', status: 'succeeded' }], at(3));
        const late = await appendOk('r1', [log('one'), log('two')], at(4), 'key-1');
        expect(late.result).toEqual({ runId: 'r1', firstSeq: 1, lastSeq: 2, replayed: true });
        expect((await readAll(store, 'r1')).map((e) => e.seq)).toEqual([1, 2, 3]);
      });

      it('refuses appends to an unknown run and after a terminal status, storing nothing', async () => {
        expect(await store.append('ghost', [log('x')], { now: at(1) })).toMatchObject({
          ok: false,
          reason: 'not-found',
        });
        await create('r1');
        await appendOk('r1', [log('x'), { type: 'status', status: 'failed', error: { message: 'boom' } }]);
        const outcome = await store.append('r1', [log('late')], { now: at(2), idempotencyKey: 'k' });
        expect(outcome).toMatchObject({ ok: false, reason: 'ended' });
        expect((await store.getRun('r1'))!.snapshot).toMatchObject({ seq: 2, status: 'failed' });
        // The refused key was not recorded: it is refused again, not replayed.
        expect(await store.append('r1', [log('late')], { now: at(3), idempotencyKey: 'k' })).toMatchObject({
          ok: false,
          reason: 'ended',
        });
      });

      it('refuses going back to queued after the run started, and refuses the whole batch', async () => {
        await create('r1');
        await appendOk('r1', [{ type: 'status', status: 'running' }]);
        const outcome = await store.append('r1', [log('kept?'), { type: 'status', status: 'queued' }], { now: at(2) });
        expect(outcome).toMatchObject({ ok: false, reason: 'invalid-transition' });
        expect((await readAll(store, 'r1')).map((e) => e.seq)).toEqual([1]);
        const afterEnd = await store.append('r1', [{ type: 'status', status: 'succeeded' }, log('after the end')], {
          now: at(3),
        });
        expect(afterEnd).toMatchObject({ ok: false, reason: 'invalid-transition' });
        expect((await store.getRun('r1'))!.snapshot).toMatchObject({ seq: 1, status: 'running' });
      });

      it('lets a queued run be cancelled before it starts', async () => {
        await create('r1');
        const outcome = await appendOk('r1', [{ type: 'status', status: 'cancelled' }], at(7));
        expect(outcome.result.lastSeq).toBe(1);
        expect((await store.getRun('r1'))!.snapshot).toMatchObject({
          status: 'cancelled',
          endedAt: at(7).toISOString(),
        });
      });

      it('keeps the snapshot equal to the fold of its events, stamping times and phases', async () => {
        const created = await create('r1', { kind: 'k', steps: [{ key: 'load' }, { key: 'score', label: 'Score' }] });
        await appendOk('r1', [log('booting')], at(1));
        await appendOk(
          'r1',
          [
            {
              type: 'progress',
              phase: 'load',
              label: 'Loading',
              percent: 10,
              steps: [
                { key: 'load', state: 'running' },
                { key: 'score', state: 'waiting' },
              ],
            },
            log('loading 1'),
            log('explicit', { phase: 'other', level: 'warn', stream: 'stderr', time: at(1.5).toISOString() }),
          ],
          at(2),
        );
        await appendOk(
          'r1',
          [
            {
              type: 'progress',
              phase: 'score',
              etaMs: 5000,
              steps: [
                { key: 'load', state: 'done' },
                { key: 'score', state: 'running' },
              ],
            },
            log('scoring'),
          ],
          at(3),
        );
        await appendOk(
          'r1',
          [{ type: 'status', status: 'failed', error: { message: 'model missing', code: 'E42' } }],
          at(4),
        );
        const events = await readAll(store, 'r1');
        const stored = await store.getRun('r1');
        expect(stored!.snapshot).toEqual(foldFromStart(created, events));
        expect(events[0]).toEqual({ seq: 1, time: at(1).toISOString(), type: 'log', text: 'booting' });
        expect(events[2]).toMatchObject({ type: 'log', phase: 'load', time: at(2).toISOString() });
        expect(events[3]).toMatchObject({ phase: 'other', time: at(1.5).toISOString() });
        expect(events[5]).toMatchObject({ type: 'log', phase: 'score' });
        expect(stored!.snapshot).toMatchObject({
          status: 'failed',
          error: { message: 'model missing', code: 'E42', phase: 'score' },
          logLines: 4,
          startedAt: at(1).toISOString(),
          endedAt: at(4).toISOString(),
        });
      });
    });

    describe('log tail', () => {
      it('returns the last log lines oldest first, skipping other events', async () => {
        await create('r1');
        const batch: RunEventInput[] = [];
        for (let i = 1; i <= 30; i++) {
          batch.push(log(`line ${i}`));
          if (i % 7 === 0) batch.push({ type: 'progress', phase: `p${i}` });
        }
        await appendOk('r1', batch);
        const tail = await store.readLogTail('r1', 5);
        expect(tail!.map((l) => l.text)).toEqual(['line 26', 'line 27', 'line 28', 'line 29', 'line 30']);
        expect(tail!.every((l) => l.type === 'log')).toBe(true);
        expect((await store.readLogTail('r1', 100))!).toHaveLength(30);
        await create('quiet');
        expect(await store.readLogTail('quiet', 5)).toEqual([]);
      });
    });

    describe('listing', () => {
      it('lists a tenant’s runs newest first, by creation time then id, and filters by status', async () => {
        await create('b', {}, 'acme', at(10));
        await create('a', {}, 'acme', at(10));
        await create('c', {}, 'acme', at(5));
        await create('d', {}, 'acme', at(20));
        await create('theirs', {}, 'globex', at(30));
        await appendOk('c', [{ type: 'status', status: 'running' }]);
        const all = await store.listRuns({ tenant: 'acme', limit: 10 });
        expect(all.runs.map((r) => r.id)).toEqual(['d', 'b', 'a', 'c']);
        expect(all.next).toBeUndefined();
        const running = await store.listRuns({ tenant: 'acme', status: 'running', limit: 10 });
        expect(running.runs.map((r) => [r.id, r.status])).toEqual([['c', 'running']]);
        expect((await store.listRuns({ tenant: 'globex', limit: 10 })).runs.map((r) => r.id)).toEqual(['theirs']);
        expect((await store.listRuns({ tenant: 'nobody', limit: 10 })).runs).toEqual([]);
      });

      it('pages with an opaque cursor that neither skips nor repeats when runs are added', async () => {
        for (let i = 0; i < 7; i++) await create(`r${i}`, {}, 'acme', at(i % 3)); // ties on time
        const seen: string[] = [];
        let page = await store.listRuns({ tenant: 'acme', limit: 3 });
        seen.push(...page.runs.map((r) => r.id));
        await create('newest', {}, 'acme', at(100)); // lands before the cursor: not in later pages
        while (page.next !== undefined) {
          expect(typeof page.next).toBe('string');
          page = await store.listRuns({ tenant: 'acme', limit: 3, cursor: page.next });
          seen.push(...page.runs.map((r) => r.id));
        }
        expect(seen).toEqual(['r5', 'r2', 'r4', 'r1', 'r6', 'r3', 'r0']);
        const pendingOnly = await store.listRuns({ tenant: 'acme', status: 'queued', limit: 4 });
        const rest = await store.listRuns({ tenant: 'acme', status: 'queued', limit: 4, cursor: pendingOnly.next });
        expect([...pendingOnly.runs, ...rest.runs].map((r) => r.id)).toEqual(['newest', ...seen]);
      });

      it('rejects a cursor it did not make', async () => {
        await expect(store.listRuns({ tenant: 'acme', limit: 3, cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
      });
    });

    describe('retention', () => {
      it('trims a run’s oldest events past the limit and moves firstSeq, keeping the fold', async () => {
        store = await openStore({ maxEventsPerRun: 20 });
        const created = await create('r1');
        for (let i = 1; i <= 50; i++) await appendOk('r1', [log(`line ${i}`)], at(i));
        await appendOk(
          'r1',
          Array.from({ length: 15 }, (_, i) => log(`batch ${i}`)),
          at(60),
        );
        const run = await store.getRun('r1');
        const page = await store.readEvents('r1', 0, 1000);
        expect(run!.firstSeq).toBeGreaterThan(1);
        expect(page!.firstSeq).toBe(run!.firstSeq);
        expect(page!.lastSeq).toBe(65);
        const seqs = page!.events.map((e) => e.seq);
        expect(seqs[0]).toBe(run!.firstSeq);
        expect(seqs).toEqual(Array.from({ length: 65 - run!.firstSeq + 1 }, (_, i) => run!.firstSeq + i));
        expect(seqs.length).toBeLessThanOrEqual(20);
        expect(run!.snapshot).toMatchObject({ seq: 65, logLines: 65 });
        expect(created.seq).toBe(0);
        expect((await store.readLogTail('r1', 3))!.map((l) => l.text)).toEqual(['batch 12', 'batch 13', 'batch 14']);
        // Reading from before the oldest retained event returns from firstSeq: the
        // caller sees the hole by comparing `after` with firstSeq.
        expect((await store.readEvents('r1', 3, 2))!.events.map((e) => e.seq)).toEqual(seqs.slice(0, 2));
      });
    });

    describe('estimates', () => {
      const finishRun = async (
        id: string,
        kind: string,
        start: number,
        loadS: number,
        scoreS: number,
        end = 'succeeded' as const,
      ) => {
        await create(id, { kind, steps: [{ key: 'load' }, { key: 'score' }] }, 'acme', at(start));
        await appendOk(id, [{ type: 'status', status: 'running' }], at(start));
        await appendOk(
          id,
          [
            {
              type: 'progress',
              phase: 'load',
              steps: [
                { key: 'load', state: 'running' },
                { key: 'score', state: 'waiting' },
              ],
            },
          ],
          at(start + 1),
        );
        await appendOk(
          id,
          [
            {
              type: 'progress',
              phase: 'score',
              steps: [
                { key: 'load', state: 'done' },
                { key: 'score', state: 'running' },
              ],
            },
          ],
          at(start + 1 + loadS),
        );
        await appendOk(id, [{ type: 'status', status: end }], at(start + 1 + loadS + scoreS));
      };

      it('gives the median step and total durations of the last 20 succeeded runs of a kind', async () => {
        // Two old, slow runs fall outside the last 20 and must not count.
        await finishRun('old-1', 'build', 0, 1000, 1000);
        await finishRun('old-2', 'build', 2100, 1000, 1000);
        for (let i = 0; i < 20; i++) await finishRun(`b${i}`, 'build', 5000 + i * 100, 2 + (i % 5), 10 + (i % 2));
        await create('failed', { kind: 'build', steps: [{ key: 'load' }] }, 'acme', at(9000));
        await appendOk('failed', [{ type: 'status', status: 'failed' }], at(9500));
        await finishRun('other', 'deploy', 9600, 50, 50);
        const estimate = await store.estimate('acme', 'build');
        // load: 2..6 s four times each -> median 4 s; score: 10 or 11 s ten times each -> 10.5 s.
        expect(estimate).toEqual({ basedOn: 20, stepsMs: { load: 4000, score: 10_500 }, totalMs: 15_500 });
        expect(await store.estimate('acme', 'nothing-finished')).toBeUndefined();
      });

      it('never mixes tenants: another tenant finishing runs of the same kind changes nothing', async () => {
        await finishRun('mine', 'build', 0, 2, 10);
        const before = await store.estimate('acme', 'build');
        for (let i = 0; i < 3; i++) {
          await create(`theirs-${i}`, { kind: 'build', steps: [{ key: 'bogus' }] }, 'intruder', at(100 + i));
          await appendOk(`theirs-${i}`, [{ type: 'status', status: 'running' }], at(100 + i));
          await appendOk(`theirs-${i}`, [{ type: 'status', status: 'succeeded' }], at(5000 + i));
        }
        expect(await store.estimate('acme', 'build')).toEqual(before);
        expect(before).toMatchObject({ basedOn: 1, stepsMs: { load: 2000, score: 10_000 } });
        expect(await store.estimate('intruder', 'build')).toMatchObject({ basedOn: 3, stepsMs: {} });
      });

      it('has no estimate while runs of the kind have only failed or not finished', async () => {
        await create('running', { kind: 'import' });
        await appendOk('running', [log('x')]);
        await create('failed', { kind: 'import' });
        await appendOk('failed', [{ type: 'status', status: 'failed' }]);
        expect(await store.estimate('acme', 'import')).toBeUndefined();
      });
    });

    // Shared stores deliver asynchronously (from the engine's pub/sub), so these wait for
    // delivery; a second, still-subscribed listener serves as the barrier that shows
    // what an unsubscribed one would have had by now.
    describe('subscriptions', () => {
      it('delivers committed events in order, and nothing refused, replayed or after unsubscribing', async () => {
        await create('r1');
        await create('r2');
        const received: RunEvent[][] = [];
        const barrier: number[] = [];
        const other: RunEvent[] = [];
        const unsubscribe = store.subscribe('r1', (events) => received.push([...events]));
        store.subscribe('r1', (events) => barrier.push(...events.map((e) => e.seq)));
        store.subscribe('r2', (events) => other.push(...events));
        const a = await appendOk('r1', [log('a'), log('b')], at(1), 'k');
        await Promise.all([appendOk('r1', [log('c')]), appendOk('r1', [log('d')])]);
        await appendOk('r1', [log('a'), log('b')], at(1), 'k'); // replay
        await store.append('r1', [{ type: 'status', status: 'queued' }], { now: at(2) }); // refused
        await vi.waitFor(() => expect(received.flat().map((e) => e.seq)).toEqual([1, 2, 3, 4]));
        expect(received[0]).toEqual(a.events);
        expect(received.flat()).toEqual(await readAll(store, 'r1'));
        unsubscribe();
        await appendOk('r1', [log('e')]);
        await vi.waitFor(() => expect(barrier).toEqual([1, 2, 3, 4, 5]));
        expect(received.flat()).toHaveLength(4);
        expect(other).toEqual([]);
      });

      it('keeps delivering to the other subscribers when one unsubscribes during delivery', async () => {
        await create('r1');
        const seen: number[] = [];
        const stop = store.subscribe('r1', () => stop());
        store.subscribe('r1', (events) => seen.push(...events.map((e) => e.seq)));
        await appendOk('r1', [log('a')]);
        await appendOk('r1', [log('b')]);
        await vi.waitFor(() => expect(seen).toEqual([1, 2]));
      });
    });

    describe('closing', () => {
      it('rejects calls made after close', async () => {
        await create('r1');
        await store.close();
        await expect(store.getRun('r1')).rejects.toThrow(/closed/);
        await expect(store.append('r1', [log('x')], { now: at(1) })).rejects.toThrow(/closed/);
        await expect(store.listRuns({ tenant: 'acme', limit: 1 })).rejects.toThrow(/closed/);
        expect(() => store.subscribe('r1', () => undefined)).toThrow(/closed/);
        await store.close(); // a second close is harmless
      });
    });
  });
}
