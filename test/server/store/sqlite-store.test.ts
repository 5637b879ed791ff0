import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore, type SqliteRunStore, type SqliteStoreOptions } from '../../../server/store/sqlite-store.js';
import { SCHEMA_VERSION } from '../../../server/store/sqlite-schema.js';
import { initialSnapshot, type RunEventInput } from '../../../src/contract/index.js';
import { startAppender } from './fixtures/appender-process.js';
import { at, describeRunStore, foldFromStart, readAll } from './run-store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
let files = 0;
const tempFile = () => join(dir, `nested-${++files}`, 'runs.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeRunStore('SQLite store in memory', async (options) =>
  openSqliteStore({ path: ':memory:', retention: { ...options } }),
);
describeRunStore('SQLite store on a file', async (options) =>
  openSqliteStore({ path: tempFile(), retention: { ...options } }),
);

describe('SQLite store on disk', () => {
  const stores: SqliteRunStore[] = [];
  const open = (options: SqliteStoreOptions) => {
    const store = openSqliteStore(options);
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  const log = (text: string): RunEventInput => ({ type: 'log', text });

  it('carries on after close and reopen: runs, events, keys, list order, seqs', async () => {
    const path = tempFile();
    const first = open({ path });
    const created = await first.createRun('acme', { id: 'r1', kind: 'k', steps: [{ key: 's' }] }, at(0));
    if (typeof created === 'string') throw new Error('fresh file already has r1');
    await first.createRun('acme', { id: 'r2' }, at(1));
    await first.append('r1', [log('a'), { type: 'progress', phase: 'p', percent: 50 }], {
      now: at(2),
      idempotencyKey: 'k1',
    });
    await first.close();

    const second = open({ path });
    expect(await second.createRun('acme', { id: 'r1' }, at(3))).toBe('exists');
    expect(await second.append('r1', [log('a')], { now: at(4), idempotencyKey: 'k1' })).toMatchObject({
      ok: true,
      result: { firstSeq: 1, lastSeq: 2, replayed: true },
    });
    const next = await second.append('r1', [log('b')], { now: at(5) });
    expect(next).toMatchObject({ ok: true, result: { firstSeq: 3, lastSeq: 3 } });
    const stored = await second.getRun('r1');
    expect(stored!.snapshot).toEqual(foldFromStart(created, await readAll(second, 'r1')));
    expect(stored!.snapshot).toMatchObject({ seq: 3, percent: 50, logLines: 2 });
    expect((await second.listRuns({ tenant: 'acme', limit: 5 })).runs.map((r) => r.id)).toEqual(['r2', 'r1']);
  });

  /** Checks a crashed-into file: contiguous seqs from 1, snapshot = fold, store usable. */
  const expectIntact = async (path: string, acknowledgedUpTo: number) => {
    const reopened = open({ path });
    const run = await reopened.getRun('crash');
    expect(run!.snapshot.seq).toBeGreaterThanOrEqual(acknowledgedUpTo);
    const events = await readAll(reopened, 'crash');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: run!.snapshot.seq }, (_, i) => i + 1));
    const created = initialSnapshot({
      id: 'crash',
      kind: 'crash-test',
      createdAt: run!.snapshot.createdAt,
      steps: [{ key: 'a' }, { key: 'b' }],
    });
    expect(run!.snapshot).toEqual(foldFromStart(created, events));
    expect(await reopened.append('crash', [log('after the crash')], { now: new Date() })).toMatchObject({
      ok: true,
      result: { firstSeq: run!.snapshot.seq + 1 },
    });
    return events;
  };

  it('keeps every acknowledged append when the writing process is killed mid-loop', async () => {
    const path = tempFile();
    const appender = startAppender(path);
    // Let it get into its stride, then kill it without warning in the middle of its loop.
    await appender.acknowledged(300);
    expect(await appender.kill()).toBe('SIGKILL');
    const acks = appender.acks;
    acks.forEach(([first, last], i) => {
      expect(last).toBeGreaterThanOrEqual(first);
      if (i > 0) expect(first).toBe(acks[i - 1]![1] + 1);
    });
    await expectIntact(path, acks.at(-1)![1]);
  });

  it('interleaves two processes appending to one file without a gap or a shared seq', async () => {
    const path = tempFile();
    const one = startAppender(path);
    const two = startAppender(path);
    await Promise.all([one.acknowledged(200), two.acknowledged(200)]);
    await Promise.all([one.kill(), two.kill()]);
    const claimed = new Set<number>();
    for (const [first, last] of [...one.acks, ...two.acks]) {
      for (let seq = first; seq <= last; seq++) {
        expect(claimed.has(seq)).toBe(false);
        claimed.add(seq);
      }
    }
    const events = await expectIntact(path, Math.max(...claimed));
    for (const seq of claimed) expect(events[seq - 1]!.seq).toBe(seq);
  });

  it('sees appends made through another connection to the same file', async () => {
    const path = tempFile();
    const a = open({ path });
    const b = open({ path });
    await a.createRun('acme', { id: 'r1' }, at(0));
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append('r1', [log(`${i}`), log(`${i}`)], { now: at(1) })),
    );
    const ranges = outcomes.map((o) => (o.ok ? o.result.firstSeq : -1)).sort((x, y) => x - y);
    expect(ranges).toEqual(Array.from({ length: 20 }, (_, i) => i * 2 + 1));
    expect((await b.getRun('r1'))!.snapshot.seq).toBe(40);
  });

  it('folds with the latest checklist when another connection changed it', async () => {
    const path = tempFile();
    const a = open({ path });
    const b = open({ path });
    const created = await a.createRun('acme', { id: 'r1', steps: [{ key: 'x' }, { key: 'y' }] }, at(0));
    if (typeof created === 'string') throw new Error('fresh file already has r1');
    const progress = (x: 'running' | 'done', y: 'waiting' | 'running'): RunEventInput => ({
      type: 'progress',
      phase: y === 'running' ? 'y' : 'x',
      steps: [
        { key: 'x', state: x },
        { key: 'y', state: y },
      ],
    });
    await a.append('r1', [progress('running', 'waiting'), log('a')], { now: at(1) }); // a has the checklist cached
    await b.append('r1', [progress('done', 'running')], { now: at(2) });
    await a.append('r1', [log('a again')], { now: at(3) }); // must not fold over its stale copy
    await a.append('r1', [{ type: 'status', status: 'succeeded' }], { now: at(4) });
    const run = await b.getRun('r1');
    expect(run!.snapshot).toEqual(foldFromStart(created, await readAll(b, 'r1')));
    expect(run!.snapshot.steps).toEqual([
      { key: 'x', state: 'done', startedAt: at(1).toISOString(), endedAt: at(2).toISOString() },
      { key: 'y', state: 'done', startedAt: at(2).toISOString(), endedAt: at(4).toISOString() },
    ]);
  });

  it('trims in batches: firstSeq moves in steps, not on every append, and old keys go too', async () => {
    const path = tempFile();
    const store = open({ path, retention: { maxEventsPerRun: 100 } });
    await store.createRun('acme', { id: 'r1' }, at(0));
    const firstSeqs = new Set<number>();
    for (let i = 0; i < 200; i++) {
      await store.append('r1', [log(`${i}`)], { now: at(1), idempotencyKey: `key-${i}` });
      const run = await store.getRun('r1');
      expect(run!.snapshot.seq - run!.firstSeq + 1).toBeLessThanOrEqual(100);
      firstSeqs.add(run!.firstSeq);
    }
    // Over 100, it trims to 90 (a tenth of slack): one delete of 11 events every 11th append.
    expect([...firstSeqs]).toEqual(Array.from({ length: 11 }, (_, i) => 1 + 11 * i));
    const raw = new Database(path, { readonly: true });
    try {
      // Only the keys of appends still retained are kept (seqs 111..200).
      expect(raw.prepare('SELECT count(*) AS n FROM idempotency_keys').get()).toEqual({ n: 90 });
    } finally {
      raw.close();
    }
  });

  it('tells onError about a throwing subscriber and still delivers to the others', async () => {
    const errors: unknown[] = [];
    const store = open({ path: ':memory:', onError: (error) => errors.push(error) });
    await store.createRun('acme', { id: 'r1' }, at(0));
    const seen: number[] = [];
    store.subscribe('r1', () => {
      throw new Error('listener bug');
    });
    store.subscribe('r1', (events) => seen.push(...events.map((e) => e.seq)));
    expect(await store.append('r1', [log('a')], { now: at(1) })).toMatchObject({ ok: true });
    expect(seen).toEqual([1]);
    expect(errors).toEqual([new Error('listener bug')]);
  });

  it('sweeps runs that never ended once idle past idleRunTtlMs, counting from their last append', async () => {
    let now = at(0);
    const store = open({ path: tempFile(), now: () => now, retention: { idleRunTtlMs: 60_000 } });
    for (const id of ['abandoned', 'quiet-start', 'busy']) await store.createRun('acme', { id }, at(0));
    await store.append('abandoned', [log('last words')], { now: at(10) });
    await store.append('busy', [log('still here')], { now: at(90) });
    now = at(100); // 'abandoned' last appended 90 s ago, 'quiet-start' created 100 s ago, 'busy' 10 s ago
    expect(await store.sweep()).toBe(2);
    expect(await store.getRun('abandoned')).toBeUndefined();
    expect(await store.readEvents('abandoned', 0, 10)).toBeUndefined();
    expect(await store.getRun('quiet-start')).toBeUndefined();
    expect(await store.getRun('busy')).toMatchObject({ snapshot: { seq: 1, status: 'running' } });
    expect((await store.listRuns({ tenant: 'acme', limit: 10 })).runs.map((r) => r.id)).toEqual(['busy']);
  });

  it('sweeps ended runs past their TTL with their events and keys, and leaves the rest', async () => {
    let now = at(0);
    const path = tempFile();
    const store = open({ path, now: () => now, retention: { finishedRunTtlMs: 60_000 } });
    for (const id of ['old', 'recent', 'live']) await store.createRun('acme', { id }, at(0));
    await store.append('old', [log('x'), log('y'), { type: 'status', status: 'succeeded' }], {
      now: at(10),
      idempotencyKey: 'k',
    });
    await store.append('recent', [{ type: 'status', status: 'cancelled' }], { now: at(50) });
    await store.append('live', [log('still going')], { now: at(10) });
    now = at(100); // 'old' ended 90 s ago, 'recent' 50 s ago
    expect(await store.sweep()).toBe(1);
    expect(await store.getRun('old')).toBeUndefined();
    expect(await store.readEvents('old', 0, 10)).toBeUndefined();
    expect(await store.getRun('recent')).toBeDefined();
    expect(await store.getRun('live')).toBeDefined();
    // The id is free again, and the new run inherits neither events nor keys.
    expect(await store.createRun('acme', { id: 'old' }, at(101))).not.toBe('exists');
    expect((await store.readEvents('old', 0, 10))!.events).toEqual([]);
    expect(await store.append('old', [log('new')], { now: at(102), idempotencyKey: 'k' })).toMatchObject({
      ok: true,
      result: { firstSeq: 1, replayed: false },
    });
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 3 }); // live 1, recent 1, new old 1
      expect(raw.prepare('SELECT count(*) AS n FROM purge_queue').get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
  });

  it('purges a swept run bigger than one purge batch, resuming after a restart mid-purge', async () => {
    let now = at(0);
    const path = tempFile();
    const options = { path, now: () => now, retention: { finishedRunTtlMs: 1000 } };
    const store = open(options);
    await store.createRun('acme', { id: 'big' }, at(0));
    for (let i = 0; i < 5; i++) {
      await store.append(
        'big',
        Array.from({ length: 5000 }, (_, j) => log(`${i}.${j}`)),
        { now: at(1) },
      );
    }
    await store.append('big', [{ type: 'status', status: 'succeeded' }], { now: at(2) });
    now = at(10);
    const countEvents = () => {
      const raw = new Database(path, { readonly: true });
      try {
        return (raw.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      } finally {
        raw.close();
      }
    };
    // Closing stops the sweep at its next batch boundary, part-way through the purge.
    const sweeping = store.sweep();
    await store.close();
    expect(await sweeping).toBe(1);
    const left = countEvents();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(25_001);
    const reopened = open(options);
    expect(await reopened.getRun('big')).toBeUndefined();
    expect(await reopened.sweep()).toBe(0); // no run left to expire, but the purge resumes
    expect(countEvents()).toBe(0);
  });

  it('sweeps on its own timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = at(0);
    const store = open({
      path: ':memory:',
      now: () => now,
      retention: { finishedRunTtlMs: 1000, sweepIntervalMs: 5000 },
    });
    await store.createRun('acme', { id: 'r1' }, at(0));
    await store.append('r1', [{ type: 'status', status: 'succeeded' }], { now: at(0) });
    now = at(10);
    vi.advanceTimersByTime(4999);
    expect(await store.getRun('r1')).toBeDefined();
    vi.advanceTimersByTime(1);
    await vi.waitFor(async () => expect(await store.getRun('r1')).toBeUndefined());
  });

  it('creates parent directories and refuses a file from a newer schema', async () => {
    const path = tempFile();
    await open({ path }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openSqliteStore({ path })).toThrow(/schema version/);
  });

  it('rejects retention limits that cannot work', () => {
    expect(() => openSqliteStore({ path: ':memory:', retention: { maxEventsPerRun: 0 } })).toThrow(/maxEventsPerRun/);
  });
});
