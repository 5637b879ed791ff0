import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RUN_STATUSES, type RunEvent, type RunEventInput, type RunStatus } from '../../../src/contract/index.js';
import { openRedisStore, type RedisStoreOptions } from '../../../server/store/redis-store.js';
import { StoreUnavailableError } from '../../../server/store/run-store-errors.js';
import type { AppendOutcome, RunStore } from '../../../server/store/run-store.js';
import { at, foldFromStart, readAll } from '../store/run-store-suite.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from './redis-server-process.js';

const log = (text: string): RunEventInput => ({ type: 'log', text });
const texts = (events: readonly RunEvent[]) => events.map((e) => (e.type === 'log' ? e.text : `<${e.type}>`));

/** Polls `check` until it holds (deliveries across connections are asynchronous). */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function okResult(outcome: AppendOutcome) {
  if (!outcome.ok) throw new Error(`append refused: ${outcome.reason}: ${outcome.detail}`);
  return outcome;
}

describe.skipIf(shouldSkipRedisTests())('Redis store', () => {
  let redis: RedisProcess;
  let prefixes = 0;
  let prefix = '';
  const stores: RunStore[] = [];
  /** A store on the test's prefix: several calls are several workers on one Redis. */
  const worker = async (options: Partial<RedisStoreOptions> = {}) => {
    const store = await openRedisStore({ url: redis.url, keyPrefix: prefix, ...options });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(() => {
    prefix = `t${++prefixes}:`;
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  describe('several workers on one Redis', () => {
    it('keeps seqs strictly +1 when two workers append to one run at once', async () => {
      const [a, b] = [await worker(), await worker()];
      const created = await a.createRun('acme', { id: 'r1' }, at(0));
      if (typeof created === 'string') throw new Error('run exists');
      const outcomes = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 === 0 ? a : b).append(
            'r1',
            Array.from({ length: 1 + (i % 3) }, (_, j) => log(`${i}.${j}`)),
            {
              now: at(1),
            },
          ),
        ),
      );
      const ranges = outcomes.map((o) => okResult(o).result).sort((x, y) => x.firstSeq - y.firstSeq);
      ranges.forEach((range, i) => {
        if (i > 0) expect(range.firstSeq).toBe(ranges[i - 1]!.lastSeq + 1);
      });
      const total = ranges.at(-1)!.lastSeq;
      expect(total).toBe(60 + 60); // 1 + (i % 3) events each: twenty each of 1, 2, 3
      const stored = await readAll(b, 'r1');
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect((await a.getRun('r1'))!.snapshot).toEqual(foldFromStart(created, stored));
    });

    it('stores an append retried through another worker once', async () => {
      const [a, b] = [await worker(), await worker()];
      await a.createRun('acme', { id: 'r1' }, at(0));
      const batch = [log('one'), log('two'), log('three')];
      const [first, second] = await Promise.all([
        a.append('r1', batch, { now: at(1), idempotencyKey: 'retry-me' }),
        b.append('r1', batch, { now: at(1), idempotencyKey: 'retry-me' }),
      ]);
      const results = [okResult(first!).result, okResult(second!).result];
      expect(results.map((r) => r.replayed).sort()).toEqual([false, true]);
      expect(results[0]!.firstSeq).toBe(results[1]!.firstSeq);
      expect(results[0]!.lastSeq).toBe(results[1]!.lastSeq);
      expect(texts(await readAll(a, 'r1'))).toEqual(['one', 'two', 'three']);
    });

    it('delivers on one worker what a producer appended through another, in order and without gaps', async () => {
      const [producer, watcher] = [await worker(), await worker()];
      await producer.createRun('acme', { id: 'r1' }, at(0));
      await producer.append('r1', [log('before anyone watched')], { now: at(1) });
      const calls: number[][] = [];
      const unsubscribe = watcher.subscribe('r1', (events) => calls.push(events.map((e) => e.seq)));
      await until(async () => (await watcher.getRun('r1')) !== undefined, 'the watcher to be ready');
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          producer.append('r1', [log(`line ${i}`), log(`more ${i}`)], { now: at(2) }),
        ),
      );
      for (let i = 0; i < 20; i++) await producer.append('r1', [log(`serial ${i}`)], { now: at(3) });
      await producer.append('r1', [{ type: 'status', status: 'succeeded' }], { now: at(4) });
      const lastSeq = 1 + 80 + 20 + 1;
      await until(() => calls.flat().at(-1) === lastSeq, 'every event to reach the watcher');
      // Each call continues exactly where the previous one stopped.
      expect(calls.flat()).toEqual(Array.from({ length: lastSeq - 1 }, (_, i) => i + 2));
      const delivered = await watcher.readEvents('r1', 1, 1000);
      expect(delivered!.events.map((e) => e.seq)).toEqual(calls.flat());
      unsubscribe();
    });

    it('keeps seqs and idempotency when two processes append to one run', async () => {
      const setup = await worker();
      await setup.createRun('acme', { id: 'own' }, at(0));
      await setup.createRun('acme', { id: 'shared' }, at(0));
      const startAt = Date.now() + 1_500; // both children are up and appending at once
      const rounds = 120;
      const [one, two, three, four] = await Promise.all([
        runAppender(redis.url, prefix, 'own', rounds, 'own', startAt),
        runAppender(redis.url, prefix, 'own', rounds, 'own', startAt),
        runAppender(redis.url, prefix, 'shared', rounds, 'shared', startAt),
        runAppender(redis.url, prefix, 'shared', rounds, 'shared', startAt),
      ]);
      // Own keys: every append stored once, the ranges tile 1..N with no overlap.
      const ranges = [...one!, ...two!].sort((x, y) => x.firstSeq - y.firstSeq);
      expect(ranges.every((r) => !r.replayed)).toBe(true);
      ranges.forEach((r, i) => expect(r.firstSeq).toBe(i === 0 ? 1 : ranges[i - 1]!.lastSeq + 1));
      const ownEvents = await readAll(setup, 'own');
      expect(ownEvents.map((e) => e.seq)).toEqual(Array.from({ length: ranges.at(-1)!.lastSeq }, (_, i) => i + 1));
      // Shared keys: each round stored by exactly one process; the other got its result.
      for (let round = 1; round <= rounds; round++) {
        const mine = three!.find((r) => r.round === round)!;
        const theirs = four!.find((r) => r.round === round)!;
        expect([mine.firstSeq, mine.lastSeq]).toEqual([theirs.firstSeq, theirs.lastSeq]);
        expect([mine.replayed, theirs.replayed].filter((replayed) => !replayed)).toHaveLength(1);
      }
      const shared = await readAll(setup, 'shared');
      const expected = Array.from({ length: rounds }, (_, r) => 1 + ((r + 1) % 4)).reduce((sum, n) => sum + n, 0);
      expect(shared).toHaveLength(expected);
      expect(new Set(texts(shared)).size).toBe(expected);
    }, 60_000);
  });

  describe('stored events', () => {
    it('stores exactly what append returned, phases with any characters included', async () => {
      const store = await worker();
      await store.createRun('acme', { id: 'r1' }, at(0));
      const phase = 'load "quoted" a/b \\ back\nnew line · ünïcode 🚀';
      const appended = [
        ...okResult(await store.append('r1', [log('before any phase')], { now: at(1) })).events,
        ...okResult(
          await store.append('r1', [{ type: 'progress', phase, percent: 12.345678901234567 }, log('during')], {
            now: at(2),
          }),
        ).events,
        ...okResult(await store.append('r1', [log('still during')], { now: at(3) })).events,
      ];
      expect(appended.filter((e) => e.type === 'log').map((e) => 'phase' in e && e.phase)).toEqual([
        false,
        phase,
        phase,
      ]);
      expect(await readAll(store, 'r1')).toEqual(appended);
      expect((await store.getRun('r1'))!.snapshot).toMatchObject({ phase, percent: 12.345678901234567 });
    });
  });

  describe('listing', () => {
    it('lists by status from per-status lists that follow every transition', async () => {
      const store = await worker();
      for (const [i, id] of ['queued', 'started', 'done', 'dropped'].entries()) {
        await store.createRun('acme', { id }, at(i));
      }
      await store.append('started', [log('the first line starts it')], { now: at(10) });
      await store.append('done', [{ type: 'status', status: 'running' }], { now: at(10) });
      await store.append('done', [{ type: 'status', status: 'succeeded' }], { now: at(11) });
      await store.append('dropped', [{ type: 'status', status: 'cancelled' }], { now: at(12) });
      const ids = async (status?: RunStatus) =>
        (await store.listRuns({ tenant: 'acme', status, limit: 10 })).runs.map((r) => r.id);
      expect(await ids('queued')).toEqual(['queued']);
      expect(await ids('running')).toEqual(['started']);
      expect(await ids('succeeded')).toEqual(['done']);
      expect(await ids('cancelled')).toEqual(['dropped']);
      expect(await ids('failed')).toEqual([]);
      expect(await ids()).toEqual(['dropped', 'done', 'started', 'queued']);
      // Each run sits in exactly one status list, so a by-status page reads only its runs.
      const raw = new Redis(redis.url);
      try {
        const sizes = await Promise.all(
          RUN_STATUSES.map((status) => raw.zcard(`${prefix}tenant:"acme":runs:${status}`)),
        );
        expect(sizes).toEqual([1, 1, 1, 0, 1]);
      } finally {
        raw.disconnect();
      }
    });
  });

  describe('retention', () => {
    it('trims history to the bound and says where it starts, keeping the snapshot whole', async () => {
      const store = await worker({ retention: { maxEventsPerRun: 10 } });
      const created = await store.createRun('acme', { id: 'r1' }, at(0));
      if (typeof created === 'string') throw new Error('run exists');
      const all: RunEvent[] = [];
      for (let i = 1; i <= 35; i++)
        all.push(
          ...okResult(await store.append('r1', [log(`line ${i}`)], { now: at(i), idempotencyKey: `k${i}` })).events,
        );
      const run = await store.getRun('r1');
      const page = await store.readEvents('r1', 0, 100);
      expect(run!.firstSeq).toBeGreaterThan(25);
      expect(page!.firstSeq).toBe(run!.firstSeq);
      expect(page!.events.map((e) => e.seq)).toEqual(
        Array.from({ length: 36 - run!.firstSeq }, (_, i) => run!.firstSeq + i),
      );
      expect(page!.events).toEqual(all.slice(run!.firstSeq - 1));
      // The snapshot still folds everything, trimmed or not.
      expect(run!.snapshot).toEqual(foldFromStart(created, all));
      // A retry of an append trimmed away is no longer recognised (as in the SQLite store).
      const late = okResult(await store.append('r1', [log('line 1')], { now: at(40), idempotencyKey: 'k1' }));
      expect(late.result).toMatchObject({ firstSeq: 36, replayed: false });
      const recent = okResult(await store.append('r1', [log('line 35')], { now: at(41), idempotencyKey: 'k35' }));
      expect(recent.result).toMatchObject({ firstSeq: 35, lastSeq: 35, replayed: true });
    });

    it('hands a watcher that fell behind retention the jump in seq, not a silent splice', async () => {
      const retention = { maxEventsPerRun: 10 };
      const [producer, watcher] = [await worker({ retention }), await worker({ retention })];
      await producer.createRun('acme', { id: 'r1' }, at(0));
      const calls: number[][] = [];
      watcher.subscribe('r1', (events) => calls.push(events.map((e) => e.seq)));
      await producer.append('r1', [log('seen live')], { now: at(1) });
      await until(() => calls.length === 1, 'the first event');
      const raw = new Redis(redis.url);
      try {
        await raw.client('KILL', 'TYPE', 'pubsub'); // the watcher hears nothing until it reconnects
      } finally {
        raw.disconnect();
      }
      // Forty events in one append: trimmed to the bound before the watcher can read them.
      await producer.append(
        'r1',
        Array.from({ length: 40 }, (_, i) => log(`burst ${i}`)),
        { now: at(2) },
      );
      await until(() => calls.flat().at(-1) === 41, 'the watcher to catch up');
      const { firstSeq } = (await watcher.getRun('r1'))!;
      expect(firstSeq).toBeGreaterThan(2);
      // The listener sees where history resumes; a stream compares seqs, finds the hole,
      // and the store then reports the history as trimmed (the contract's reset).
      expect(calls).toEqual([[1], Array.from({ length: 42 - firstSeq }, (_, i) => firstSeq + i)]);
      expect((await watcher.readEvents('r1', 1, 10))!.firstSeq).toBe(firstSeq);
    });

    it('expires a run that never ends once idle past idleRunTtlMs, and sweeps it from the lists', async () => {
      const store = await worker({ retention: { idleRunTtlMs: 600 } });
      const raw = new Redis(redis.url);
      try {
        await store.createRun('acme', { id: 'abandoned' }, at(0));
        await store.createRun('acme', { id: 'kept-alive' }, at(1));
        await store.append('abandoned', [log('last words')], { now: at(2), idempotencyKey: 'k' });
        const started = Date.now();
        while (Date.now() - started < 1200) {
          await store.append('kept-alive', [log('tick')], { now: at(3) });
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        expect(await store.getRun('abandoned')).toBeUndefined();
        expect(await raw.keys(`${prefix}run:{abandoned}:*`)).toEqual([]);
        expect(await store.getRun('kept-alive')).toBeDefined();
        const all = `${prefix}tenant:"acme":runs`;
        expect(await raw.zcard(all)).toBe(2); // Redis cannot expire one member of a set
        expect(await store.sweep()).toBe(2); // all + running
        expect(await raw.zrange(all, 0, -1)).toEqual([expect.stringMatching(/:kept-alive$/)]);
        expect(await raw.zcard(`${all}:running`)).toBe(1);
      } finally {
        raw.disconnect();
      }
    });

    it('expires a finished run after the TTL and frees its id', async () => {
      const store = await worker({ retention: { finishedRunTtlMs: 400 } });
      const raw = new Redis(redis.url);
      try {
        await store.createRun('acme', { id: 'done' }, at(0));
        await store.createRun('acme', { id: 'ongoing' }, at(1));
        await store.append('done', [log('x'), { type: 'status', status: 'succeeded' }], {
          now: at(2),
          idempotencyKey: 'k',
        });
        await store.append('ongoing', [log('y')], { now: at(2) });
        const keys = await raw.keys(`${prefix}run:{done}:*`);
        expect(keys.length).toBeGreaterThanOrEqual(3);
        for (const key of keys) {
          const ttl = await raw.pttl(key);
          expect(ttl, key).toBeGreaterThan(0);
          expect(ttl, key).toBeLessThanOrEqual(400);
        }
        // A run that has not ended keeps the idle TTL (7 days by default), pushed back by each append.
        for (const key of await raw.keys(`${prefix}run:{ongoing}:*`))
          expect(await raw.pttl(key), key).toBeGreaterThan(6 * 24 * 3600 * 1000);

        await until(async () => (await store.getRun('done')) === undefined, 'the finished run to expire');
        expect(await raw.keys(`${prefix}run:{done}:*`)).toEqual([]);
        expect((await store.listRuns({ tenant: 'acme', limit: 10 })).runs.map((r) => r.id)).toEqual(['ongoing']);
        expect((await store.listRuns({ tenant: 'acme', status: 'succeeded', limit: 10 })).runs).toEqual([]);
        expect(await store.getRun('ongoing')).toMatchObject({ snapshot: { seq: 1 } });

        const again = await store.createRun('acme', { id: 'done' }, at(10));
        expect(again).toMatchObject({ seq: 0, status: 'queued' });
        expect(
          okResult(await store.append('done', [log('new life')], { now: at(11), idempotencyKey: 'k' })).result,
        ).toEqual({
          runId: 'done',
          firstSeq: 1,
          lastSeq: 1,
          replayed: false,
        });
        expect((await store.listRuns({ tenant: 'acme', limit: 10 })).runs.map((r) => r.id)).toEqual([
          'done',
          'ongoing',
        ]);
      } finally {
        raw.disconnect();
      }
    });
  });

  describe('when Redis is unavailable', () => {
    it('refuses to open with StoreUnavailableError', async () => {
      const port = await closedPort();
      const opening = openRedisStore({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 1_000 });
      await expect(opening).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(opening).rejects.toThrow(/cannot reach Redis/);
    });

    it('answers StoreUnavailableError when a full Redis refuses writes, and still serves reads', async () => {
      const store = await worker();
      await store.createRun('acme', { id: 'r1' }, at(0));
      await store.append('r1', [log('stored')], { now: at(1) });
      const raw = new Redis(redis.url);
      try {
        await raw.config('SET', 'maxmemory-policy', 'noeviction');
        await raw.config('SET', 'maxmemory', '1'); // below what Redis already uses: every write is refused
        const refused = await store.append('r1', [log('no room')], { now: at(2) }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(StoreUnavailableError);
        expect((refused as Error).message).toMatch(/OOM/);
        expect(texts(await readAll(store, 'r1'))).toEqual(['stored']);
        expect(await store.getRun('r1')).toMatchObject({ snapshot: { seq: 1, logLines: 1 } });
        expect((await store.readLogTail('r1', 5))!.map((line) => line.text)).toEqual(['stored']);
        expect((await store.listRuns({ tenant: 'acme', limit: 5 })).runs.map((run) => run.id)).toEqual(['r1']);
      } finally {
        await raw.config('SET', 'maxmemory', '0');
        raw.disconnect();
      }
      expect(okResult(await store.append('r1', [log('room again')], { now: at(3) })).result.firstSeq).toBe(2);
    });

    it('catches a watcher up on what was appended while its own connection was down', async () => {
      const [producer, watcher] = [await worker(), await worker()];
      await producer.createRun('acme', { id: 'r1' }, at(0));
      const seen: number[] = [];
      let outages = 0;
      let recoveries = 0;
      watcher.subscribe('r1', (events) => seen.push(...events.map((e) => e.seq)), {
        onUnavailable: () => outages++,
        onRecovered: () => recoveries++,
      });
      await producer.append('r1', [log('first')], { now: at(1) });
      await until(() => seen.length === 1, 'the first event');
      const raw = new Redis(redis.url);
      try {
        // Drop every subscriber connection: the appends below publish to nobody, so only
        // the catch-up read after the reconnect can deliver them.
        await raw.client('KILL', 'TYPE', 'pubsub');
      } finally {
        raw.disconnect();
      }
      for (let i = 2; i <= 10; i++) await producer.append('r1', [log(`line ${i}`)], { now: at(i) });
      await until(() => seen.length === 10, 'the watcher to catch up');
      expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      await until(() => recoveries === outages && outages > 0, 'the watcher to hear of the recovery');
    });

    it('fails appends loudly while Redis is down and recovers by itself, with no gap for watchers', async () => {
      // A Redis with an append-only file, as production would run it, so a restart keeps the data.
      const durable = await startRedisServer({ persist: true });
      try {
        const open = async () => {
          const store = await openRedisStore({ url: durable.url, keyPrefix: prefix, commandTimeoutMs: 2_000 });
          stores.push(store);
          return store;
        };
        const [producer, watcher] = [await open(), await open()];
        await producer.createRun('acme', { id: 'r1' }, at(0));
        await producer.createRun('acme', { id: 'r2' }, at(0));
        const seen: number[] = [];
        const outages: Error[] = [];
        let recoveries = 0;
        watcher.subscribe('r1', (events) => seen.push(...events.map((e) => e.seq)), {
          onUnavailable: (error) => outages.push(error),
          onRecovered: () => recoveries++,
        });
        const append = (round: number) =>
          producer.append('r1', [log(`round ${round}`), log(`round ${round} again`)], {
            now: at(round),
            idempotencyKey: `round-${round}`,
          });
        for (let round = 1; round <= 10; round++) okResult(await append(round));
        await until(() => seen.length === 20, 'the first rounds to reach the watcher');

        // Killed with an append in flight: it either made it or fails as unavailable.
        const inFlight = append(11).then(
          (outcome) => outcome,
          (error: unknown) => error,
        );
        await durable.kill();
        const settled = await inFlight;
        if (settled instanceof Error) expect(settled).toBeInstanceOf(StoreUnavailableError);
        // While it is down: a retryable error at once, never a silent queue.
        const refused = await append(11).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(StoreUnavailableError);
        expect((refused as StoreUnavailableError).retryAfterMs).toBeGreaterThan(0);
        await until(() => outages.length === 1, 'the watcher to be told');
        expect(outages[0]).toBeInstanceOf(StoreUnavailableError);
        // Following another run while Redis is down: told at once, and live once it is back.
        const late: number[] = [];
        let lateOutages = 0;
        let lateRecoveries = 0;
        watcher.subscribe('r2', (events) => late.push(...events.map((e) => e.seq)), {
          onUnavailable: () => lateOutages++,
          onRecovered: () => lateRecoveries++,
        });
        expect(lateOutages).toBe(1);

        await durable.restart();
        // The producer retries its unconfirmed append with the same key, then carries on.
        let retried: AppendOutcome | undefined;
        await until(async () => {
          retried = await append(11).catch(() => undefined);
          return retried !== undefined;
        }, 'appends to work again');
        expect(okResult(retried!).result).toMatchObject({ firstSeq: 21, lastSeq: 22 });
        for (let round = 12; round <= 15; round++) okResult(await append(round));

        await until(() => seen.length === 30, 'the watcher to catch up');
        expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        expect(texts(await readAll(watcher, 'r1'))).toEqual(
          Array.from({ length: 15 }, (_, r) => [`round ${r + 1}`, `round ${r + 1} again`]).flat(),
        );
        await until(() => recoveries === 1, 'the watcher to hear of the recovery');
        expect(outages).toHaveLength(1);

        await until(() => lateRecoveries === 1, 'the late follower to hear of the recovery');
        okResult(await producer.append('r2', [log('after the outage')], { now: at(20) }));
        await until(() => late.length === 1, 'the late follower to get the event');
        expect(late).toEqual([1]);
      } finally {
        await durable.stop();
      }
    }, 30_000);
  });
});

interface Ack {
  round: number;
  firstSeq: number;
  lastSeq: number;
  replayed: boolean;
}

const appenderScript = fileURLToPath(new URL('./fixtures/redis-appender.ts', import.meta.url));

/** Runs the appender fixture in its own Node process and resolves with what it acknowledged. */
function runAppender(
  url: string,
  prefix: string,
  runId: string,
  rounds: number,
  scheme: 'own' | 'shared',
  startAt: number,
): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', appenderScript, url, prefix, runId, String(rounds), scheme, String(startAt)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`appender exited with ${code}: ${stderr}`));
      else
        resolve(
          stdout
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as Ack),
        );
    });
  });
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}
