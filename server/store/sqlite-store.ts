/**
 * The embedded run store: one SQLite file (better-sqlite3), the default of the
 * reference backend. Every operation is synchronous inside SQLite, so concurrent
 * calls from one process are serialised by the event loop, and calls from other
 * processes on the same file by SQLite's write lock (IMMEDIATE transactions plus a busy
 * timeout). Subscribers are in-process only: a second process appending to the same
 * file is not seen by this one's subscribers (use the Redis store for several workers).
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  initialSnapshot,
  isTerminalStatus,
  type AppendResult,
  type CreateRunInput,
  type LogEvent,
  type RunEstimate,
  type RunEvent,
  type RunEventInput,
  type RunSnapshot,
  type Step,
} from '../../src/contract/index.js';
import { ESTIMATE_SAMPLE_SIZE, estimateFromRuns } from './estimate.js';
import { decodeListCursor, encodeListCursor } from './list-cursor.js';
import { planAppend } from './plan-append.js';
import { resolveRetention, trimFloor, type Retention, type RetentionOptions } from './retention.js';
import type {
  AppendOutcome,
  EventListener,
  ListRunsQuery,
  ReadBounds,
  RunStore,
  StoredEventPage,
  StoredRun,
} from './run-store.js';
import { StoreClosedError } from './run-store-errors.js';
import { migrate } from './sqlite-schema.js';
import { prepareStatements, type RunRow, type SnapshotColumns, type Statements } from './sqlite-statements.js';

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file (parent directories are created), or `':memory:'`. */
  path: string;
  /** Limits on what is kept; see {@link RetentionOptions} for the defaults. */
  retention?: RetentionOptions | undefined;
  /** Clock of the retention sweep (tests pass a fake one); defaults to the real time. */
  now?: (() => Date) | undefined;
  /**
   * `'process'` (default): an acknowledged append survives the process being killed,
   * not necessarily the machine losing power. `'power-loss'`: it survives both, at the
   * cost of an fsync per append. See the comment at the pragmas for why.
   */
  durability?: 'process' | 'power-loss' | undefined;
  /**
   * Told about errors nobody awaits: a subscriber that throws, a failed background
   * sweep. Defaults to `console.error`. A throwing subscriber never fails the append
   * (already committed) nor stops the other subscribers.
   */
  onError?: ((error: unknown, context: string) => void) | undefined;
}

/** The SQLite {@link RunStore}, plus what only it offers. */
export interface SqliteRunStore extends RunStore {
  /**
   * Deletes ended runs older than the TTL with their events and idempotency keys now,
   * instead of waiting for the timer; resolves with how many runs it deleted.
   */
  sweep(): Promise<number>;
}

export { StoreClosedError } from './run-store-errors.js';

/**
 * Opens (creating if needed) a SQLite run store. Opening an existing file carries on
 * where it left off: runs, events, idempotency keys and a half-finished purge.
 */
export function openSqliteStore(options: SqliteStoreOptions): SqliteRunStore {
  return new SqliteStore(options);
}

/** How many events of a deleted run one purge transaction deletes. */
const PURGE_CHUNK = 10_000;
/** How many expired runs one sweep transaction unlinks. */
const EXPIRE_CHUNK = 500;
/** How many runs' parsed checklists are kept in memory (the runs being appended to). */
const STEPS_CACHE_SIZE = 1000;

type AppendRows = (
  runId: string,
  inputs: readonly RunEventInput[],
  idempotencyKey: string | undefined,
  now: Date,
) => { outcome: AppendOutcome; steps?: { pk: number; version: number; steps: Step[] } };

interface Subscription {
  listener: EventListener;
}

class SqliteStore implements SqliteRunStore {
  readonly #path: string;
  readonly #retention: Retention;
  readonly #now: () => Date;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #db: Database.Database;
  readonly #sql: Statements;
  readonly #listeners = new Map<string, Set<Subscription>>();
  /** Parsed checklists by run pk, valid while the row's `steps_version` matches. */
  readonly #stepsCache = new Map<number, { version: number; steps: Step[] }>();
  readonly #sweepTimer: NodeJS.Timeout;
  readonly #appendTransaction: Database.Transaction<AppendRows>;
  readonly #readEventsTransaction: Database.Transaction<
    (runId: string, after: number, limit: number, maxBytes: number) => StoredEventPage | undefined
  >;
  readonly #readLogTailTransaction: Database.Transaction<
    (runId: string, count: number, maxBytes: number) => LogEvent[] | undefined
  >;
  readonly #expireTransaction: Database.Transaction<(cutoff: number, idleCutoff: number | undefined) => number>;
  readonly #purgeTransaction: Database.Transaction<() => boolean>;
  #sweeping: Promise<number> | undefined;
  #closed = false;

  constructor(options: SqliteStoreOptions) {
    this.#path = options.path;
    this.#retention = resolveRetention(options.retention);
    this.#now = options.now ?? (() => new Date());
    this.#onError = options.onError ?? ((error, context) => console.error(`[sqlite-store] ${context}:`, error));
    if (options.path !== ':memory:' && options.path !== '') mkdirSync(dirname(options.path), { recursive: true });
    this.#db = new Database(options.path);
    try {
      configure(this.#db, options.durability ?? 'process');
      migrate(this.#db);
      this.#sql = prepareStatements(this.#db);
    } catch (error) {
      this.#db.close();
      throw error;
    }
    // Reads run in a transaction too, so the events and the run's lastSeq/status agree
    // even when another process appends in between.
    this.#readEventsTransaction = this.#db.transaction(
      (runId: string, after: number, limit: number, maxBytes: number) =>
        this.#readEventsRows(runId, after, limit, maxBytes),
    );
    this.#readLogTailTransaction = this.#db.transaction((runId: string, count: number, maxBytes: number) =>
      this.#readLogTailRows(runId, count, maxBytes),
    );
    this.#appendTransaction = this.#db.transaction((...args: Parameters<AppendRows>) => this.#appendRows(...args));
    this.#expireTransaction = this.#db.transaction((cutoff: number, idleCutoff: number | undefined) =>
      this.#expireRuns(cutoff, idleCutoff),
    );
    this.#purgeTransaction = this.#db.transaction(() => this.#purgeBatch());
    this.#sweepTimer = setInterval(() => {
      this.sweep().catch((error: unknown) => {
        if (!this.#closed) this.#onError(error, 'retention sweep');
      });
    }, this.#retention.sweepIntervalMs);
    // The sweep is housekeeping: it must not keep a process alive that is otherwise done.
    this.#sweepTimer.unref();
  }

  async createRun(
    tenant: string,
    input: CreateRunInput & { id: string },
    now: Date,
  ): Promise<RunSnapshot | 'exists' | 'tenant-full'> {
    this.#assertOpen();
    const snapshot = initialSnapshot({ ...input, createdAt: now.toISOString() });
    const { steps, ...rest } = snapshot;
    const cap = this.#retention.maxActiveRunsPerTenant;
    const created = this.#db
      .transaction((): boolean | 'tenant-full' => {
        if (this.#sql.selectRun.get(input.id)) return false;
        if (cap > 0 && this.#sql.countActive.get(tenant)! >= cap) return 'tenant-full';
        const inserted = this.#sql.insertRun.run({
          id: input.id,
          tenant,
          kind: input.kind ?? null,
          status: snapshot.status,
          createdMs: now.getTime(),
          seq: snapshot.seq,
          firstSeq: snapshot.seq + 1,
          snapshot: JSON.stringify(rest),
        });
        if (inserted.changes === 0) return false;
        this.#sql.insertSteps.run(Number(inserted.lastInsertRowid), JSON.stringify(steps));
        return true;
      })
      .immediate();
    if (created === 'tenant-full') return created;
    return created ? snapshot : 'exists';
  }

  async getRun(runId: string): Promise<StoredRun | undefined> {
    this.#assertOpen();
    const row = this.#sql.selectStoredRun.get(runId);
    if (!row) return undefined;
    return { tenant: row.tenant, snapshot: fromColumns(row), firstSeq: row.firstSeq };
  }

  async listRuns(query: ListRunsQuery): Promise<{ runs: RunSnapshot[]; next?: string }> {
    this.#assertOpen();
    if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
      throw new RangeError(`listRuns limit must be a positive integer, got ${query.limit}`);
    }
    const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
    const params = {
      tenant: query.tenant,
      status: query.status ?? null,
      createdMs: after?.createdMs ?? null,
      id: after?.id ?? null,
      // One extra row tells whether another page exists without a COUNT.
      limit: query.limit + 1,
    };
    const statement =
      query.status === undefined
        ? after === undefined
          ? this.#sql.listFirst
          : this.#sql.listAfter
        : after === undefined
          ? this.#sql.listStatusFirst
          : this.#sql.listStatusAfter;
    // Sizes first, so a page of runs with large checklists stops at the byte bound
    // without reading the runs past it; one transaction, so both reads agree.
    const maxBytes = query.maxBytes ?? Infinity;
    return this.#db
      .transaction(() => {
        const chosen: string[] = [];
        let bytes = 0;
        let last: { createdMs: number; id: string } | undefined;
        let more = false;
        for (const row of statement.iterate(params)) {
          if (chosen.length >= query.limit || (chosen.length > 0 && bytes + row.size > maxBytes)) {
            more = true;
            break;
          }
          chosen.push(row.id);
          bytes += row.size;
          last = { createdMs: row.createdMs, id: row.id };
        }
        const runs = chosen.map((id) => fromColumns(this.#sql.selectStoredRun.get(id)!));
        if (!more || !last) return { runs };
        return { runs, next: encodeListCursor(last) };
      })
      .deferred();
  }

  async append(
    runId: string,
    events: readonly RunEventInput[],
    options: { idempotencyKey?: string | undefined; now: Date },
  ): Promise<AppendOutcome> {
    this.#assertOpen();
    const { outcome, steps } = this.#appendTransaction.immediate(runId, events, options.idempotencyKey, options.now);
    // Only now that it is committed: a rolled-back checklist must never be reused.
    if (steps) this.#rememberSteps(steps.pk, steps.version, steps.steps);
    if (outcome.ok && outcome.events.length > 0) this.#notify(runId, outcome.events);
    return outcome;
  }

  async readEvents(
    runId: string,
    after: number,
    limit: number,
    bounds?: ReadBounds,
  ): Promise<StoredEventPage | undefined> {
    this.#assertOpen();
    return this.#readEventsTransaction.deferred(runId, after, limit, bounds?.maxBytes ?? Infinity);
  }

  async readLogTail(runId: string, count: number, bounds?: ReadBounds): Promise<LogEvent[] | undefined> {
    this.#assertOpen();
    return this.#readLogTailTransaction.deferred(runId, count, bounds?.maxBytes ?? Infinity);
  }

  subscribe(runId: string, listener: EventListener): () => void {
    this.#assertOpen();
    // A wrapper per call, so subscribing the same function twice gives two independent
    // subscriptions and each unsubscribe removes only its own.
    const subscription: Subscription = { listener };
    let set = this.#listeners.get(runId);
    if (!set) this.#listeners.set(runId, (set = new Set()));
    set.add(subscription);
    return () => {
      const current = this.#listeners.get(runId);
      if (!current) return;
      current.delete(subscription);
      if (current.size === 0) this.#listeners.delete(runId);
    };
  }

  async estimate(tenant: string, kind: string): Promise<RunEstimate | undefined> {
    this.#assertOpen();
    return estimateFromRuns(this.#sql.lastSucceeded.all(tenant, kind, ESTIMATE_SAMPLE_SIZE).map(fromColumns));
  }

  sweep(): Promise<number> {
    if (this.#closed) return Promise.reject(new StoreClosedError(`the SQLite run store at ${this.#path}`));
    // Overlapping sweeps (a slow one and the next tick) would only race each other.
    this.#sweeping ??= this.#runSweep().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweepTimer);
    this.#listeners.clear();
    // A sweep in progress stops at its next batch boundary; wait for it so the
    // database is not closed under it.
    await this.#sweeping?.catch(() => undefined);
    this.#db.close();
  }

  // ---- internals ----

  #appendRows(
    runId: string,
    inputs: readonly RunEventInput[],
    idempotencyKey: string | undefined,
    now: Date,
  ): ReturnType<AppendRows> {
    const row = this.#sql.selectRun.get(runId);
    if (!row) return { outcome: { ok: false, reason: 'not-found', detail: `no run ${runId}` } };
    if (idempotencyKey !== undefined) {
      const seen = this.#sql.selectKey.get(row.pk, idempotencyKey);
      if (seen) {
        const result: AppendResult = { runId, firstSeq: seen.firstSeq, lastSeq: seen.lastSeq, replayed: true };
        return { outcome: { ok: true, result, events: [] } };
      }
    }
    const steps = this.#stepsOf(row);
    const before: RunSnapshot = { ...(JSON.parse(row.snapshot) as Omit<RunSnapshot, 'steps'>), steps };
    const plan = planAppend(before, inputs, now);
    if (!plan.ok) return { outcome: plan };
    const bodies = plan.events.map((event) => JSON.stringify(event));
    let bytesDelta = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);
    const cap = this.#retention.maxBytesPerTenant;
    if (cap > 0) {
      const used = this.#sql.tenantBytes.get(row.tenant) ?? 0;
      if (used + bytesDelta > cap) {
        const detail = `tenant ${JSON.stringify(row.tenant)} holds ${used} bytes of events; this batch of ${bytesDelta} would pass its cap of ${cap}`;
        return { outcome: { ok: false, reason: 'tenant-full', detail } };
      }
    }
    for (const [i, event] of plan.events.entries()) {
      this.#sql.insertEvent.run(row.pk, event.seq, event.type, bodies[i]!);
    }
    const firstSeq = plan.events[0]!.seq;
    const lastSeq = plan.snapshot.seq;
    if (idempotencyKey !== undefined) this.#sql.insertKey.run(row.pk, idempotencyKey, firstSeq, lastSeq);
    let retainedFrom = row.firstSeq;
    const floor = trimFloor(row.firstSeq, lastSeq, this.#retention.maxEventsPerRun);
    if (floor !== undefined) {
      bytesDelta -= this.#sql.rangeBytes.get(row.pk, row.firstSeq, floor) ?? 0;
      this.#sql.trimEvents.run(row.pk, row.firstSeq, floor);
      // Keys of appends wholly trimmed go too, or a run that appends forever with keys
      // grows without bound. The price: a retry arriving after its events were trimmed
      // (maxEventsPerRun events later) is stored again.
      this.#sql.trimKeys.run(row.pk, floor);
      retainedFrom = floor;
    }
    const status = plan.snapshot.status;
    // The fold keeps the very same steps array unless an event changed the checklist.
    const stepsChanged = plan.snapshot.steps !== steps;
    const { steps: newSteps, ...rest } = plan.snapshot;
    this.#sql.updateRun.run({
      pk: row.pk,
      status,
      seq: lastSeq,
      firstSeq: retainedFrom,
      snapshot: JSON.stringify(rest),
      stepsChanged: stepsChanged ? 1 : 0,
      endedMs: isTerminalStatus(status) ? now.getTime() : null,
      touchedMs: now.getTime(),
      bytesDelta,
    });
    this.#sql.addTenantBytes.run(row.tenant, bytesDelta);
    if (stepsChanged) this.#sql.updateSteps.run(JSON.stringify(newSteps), row.pk);
    const result: AppendResult = { runId, firstSeq, lastSeq, replayed: false };
    return {
      outcome: { ok: true, result, events: plan.events },
      steps: stepsChanged ? { pk: row.pk, version: row.stepsVersion + 1, steps: plan.snapshot.steps } : undefined,
    };
  }

  #readEventsRows(runId: string, after: number, limit: number, maxBytes: number): StoredEventPage | undefined {
    const row = this.#sql.selectRun.get(runId);
    if (!row) return undefined;
    const bodies = limit > 0 ? takeWithin(this.#sql.readEvents.iterate(row.pk, after, limit), maxBytes) : [];
    return {
      events: bodies.map((body) => JSON.parse(body) as RunEvent),
      firstSeq: row.firstSeq,
      lastSeq: row.seq,
      status: row.status,
    };
  }

  #readLogTailRows(runId: string, count: number, maxBytes: number): LogEvent[] | undefined {
    const row = this.#sql.selectRun.get(runId);
    if (!row) return undefined;
    const bodies = count > 0 ? takeWithin(this.#sql.logTail.iterate(row.pk, count), maxBytes) : [];
    return bodies.reverse().map((body) => JSON.parse(body) as LogEvent);
  }

  /** The run's checklist, parsed once per version rather than on every append. */
  #stepsOf(row: RunRow): Step[] {
    const cached = this.#stepsCache.get(row.pk);
    if (cached?.version === row.stepsVersion) return cached.steps;
    const steps = JSON.parse(this.#sql.selectSteps.get(row.pk)!) as Step[];
    this.#rememberSteps(row.pk, row.stepsVersion, steps);
    return steps;
  }

  #rememberSteps(pk: number, version: number, steps: Step[]): void {
    this.#stepsCache.delete(pk); // re-insert: Map order is then least recently used first
    this.#stepsCache.set(pk, { version, steps });
    if (this.#stepsCache.size > STEPS_CACHE_SIZE) {
      this.#stepsCache.delete(this.#stepsCache.keys().next().value!);
    }
  }

  #notify(runId: string, events: readonly RunEvent[]): void {
    const set = this.#listeners.get(runId);
    if (!set) return;
    const frozen = Object.freeze([...events]);
    // Copy: a listener may unsubscribe itself (or subscribe another) while we iterate.
    for (const { listener } of [...set]) {
      try {
        listener(frozen);
      } catch (error) {
        this.#onError(error, `subscriber of run ${runId}`);
      }
    }
  }

  async #runSweep(): Promise<number> {
    const now = this.#now().getTime();
    const cutoff = now - this.#retention.finishedRunTtlMs;
    const idleTtl = this.#retention.idleRunTtlMs;
    const idleCutoff = idleTtl > 0 ? now - idleTtl : undefined;
    let removed = 0;
    // Unlink expired runs first (cheap, one row each), so readers stop seeing them at
    // once; their events are then deleted in small batches, yielding between batches so
    // a million-event run never blocks requests for long.
    for (;;) {
      if (this.#closed) return removed;
      const count = this.#expireTransaction.immediate(cutoff, idleCutoff);
      removed += count;
      if (count < EXPIRE_CHUNK) break;
      await yieldToEventLoop();
    }
    for (;;) {
      if (this.#closed) return removed;
      if (!this.#purgeTransaction.immediate()) break;
      await yieldToEventLoop();
    }
    return removed;
  }

  /** Unlinks ended runs past their TTL, then runs idle past theirs, at most a chunk in all. */
  #expireRuns(cutoff: number, idleCutoff: number | undefined): number {
    const expired = this.#sql.selectExpired.all(cutoff, EXPIRE_CHUNK);
    if (idleCutoff !== undefined && expired.length < EXPIRE_CHUNK)
      expired.push(...this.#sql.selectIdle.all(idleCutoff, EXPIRE_CHUNK - expired.length));
    for (const run of expired) {
      this.#sql.addTenantBytes.run(run.tenant, -run.bytes);
      this.#sql.queuePurge.run(run.pk, run.firstSeq, run.seq);
      this.#sql.deleteKeys.run(run.pk);
      this.#sql.deleteRun.run(run.pk);
      this.#sql.deleteSteps.run(run.pk);
      this.#stepsCache.delete(run.pk);
    }
    return expired.length;
  }

  /** Deletes one batch of a deleted run's events; false when nothing is left to purge. */
  #purgeBatch(): boolean {
    const next = this.#sql.nextPurge.get();
    if (!next) return false;
    const end = next.nextSeq + PURGE_CHUNK;
    this.#sql.trimEvents.run(next.runPk, next.nextSeq, end);
    if (end > next.lastSeq) this.#sql.donePurge.run(next.runPk);
    else this.#sql.advancePurge.run(end, next.runPk);
    return true;
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError(`the SQLite run store at ${this.#path}`);
  }
}

/**
 * The rows of `bodies` up to `maxBytes` in all (the first always), stepping the statement
 * row by row so the rows past the bound are never read.
 */
function takeWithin(bodies: Iterable<string>, maxBytes: number): string[] {
  const taken: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body);
    if (taken.length > 0 && bytes + size > maxBytes) break;
    taken.push(body);
    bytes += size;
  }
  return taken;
}

function fromColumns(row: SnapshotColumns): RunSnapshot {
  return { ...(JSON.parse(row.snapshot) as Omit<RunSnapshot, 'steps'>), steps: JSON.parse(row.steps) as Step[] };
}

function configure(db: Database.Database, durability: 'process' | 'power-loss'): void {
  // Another process holding the write lock (a second server on the same file, a
  // backup, two processes creating the file at once) makes us wait a while rather than
  // fail at once with SQLITE_BUSY. First, so switching to WAL below waits too.
  db.pragma('busy_timeout = 5000');
  // WAL: readers never block the writer and a commit is one sequential append to the
  // -wal file. With synchronous=NORMAL a commit is complete once its frames are written
  // (write(2)) to the WAL; the fsync waits for the next checkpoint. A killed process
  // (SIGKILL, OOM, crash) loses nothing acknowledged: written pages live in the OS page
  // cache, which outlives the process, and the next open replays the WAL. Only an OS
  // crash or power loss can drop the last few acknowledged commits (the file stays
  // consistent, it just rolls back to an earlier commit). FULL fsyncs the WAL on every
  // commit to survive that too, at a large cost per append on most disks.
  // See https://www.sqlite.org/pragma.html#pragma_synchronous (WAL with NORMAL: always
  // consistent; a commit may roll back after a power loss or OS crash). What each level
  // costs on a given machine: `npm run bench -- --only store` (bench/sections/store.ts).
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'power-loss' ? 'FULL' : 'NORMAL'}`);
  // Checkpoints reset the WAL, but a long reader can let it grow; cap what is kept.
  db.pragma('journal_size_limit = 67108864');
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
