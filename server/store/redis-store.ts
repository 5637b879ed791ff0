/**
 * The shared run store: Redis Streams, for several web workers behind a load balancer
 * and producers anywhere. A producer appending through worker A is seen by a watcher on
 * worker B. Same semantics as the SQLite store (`planAppend`'s refusals, retention,
 * estimates); the design and its trade-offs are in
 * docs/decisions/0002-redis-streams-store.md.
 *
 * Per run: a hash (`meta`) with a stored base snapshot and what the append rules need,
 * a stream of events with ids `<seq>-0` (so XRANGE by seq is exact), and the
 * idempotency keys. Appends are one Lua script (atomic across workers); the snapshot is
 * the stored base folded forward with `applyEvent` over the stream's tail on every read,
 * and the base is moved forward with a compare-and-set script now and then.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  applyEvent,
  initialSnapshot,
  type AppendResult,
  type CreateRunInput,
  type LogEvent,
  type RunEstimate,
  type RunEvent,
  type RunEventInput,
  type RunSnapshot,
  RunStatus,
} from '../../src/contract/index.js';
import { ESTIMATE_SAMPLE_SIZE, estimateFromRuns } from './estimate.js';
import { decodeListCursor, encodeListCursor } from './list-cursor.js';
import { commandConnection, guard, subscriberConnection, toStoreError } from './redis-connection.js';
import { auxOf, bodyOf, storedEvents } from './redis-event-codec.js';
import { RedisFanout } from './redis-fanout.js';
import { redisRateLimit } from './redis-rate-limit.js';
import { isSentinelSpec, redactTarget } from './redis-target.js';
import { RedisKeys, listMember, runIdOfMember, type RunKeys } from './redis-keys.js';
import { ADVANCE_BASE, APPEND, CREATE_RUN, READ_EVENTS, READ_LOG_TAIL, READ_RUN } from './redis-scripts.js';
import { MAX_TRIM_SLACK, resolveRetention, type Retention } from './retention.js';
import { isStoreUnavailable, StoreClosedError, StoreUnavailableError } from './run-store-errors.js';
import type { RedisRunStore, RedisStoreOptions } from './redis-options.js';

export type { RedisStoreOptions } from './redis-options.js';
import type {
  AppendOutcome,
  EventListener,
  ListRunsQuery,
  ReadBounds,
  StoredEventPage,
  StoredRun,
  SubscribeOptions,
} from './run-store.js';

/**
 * Connects to Redis and returns a {@link RunStore} on it. Rejects with
 * {@link StoreUnavailableError} when Redis cannot be reached now; once open, the store
 * reconnects by itself for as long as it lives.
 */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisRunStore> {
  const store = new RedisStore(options);
  await store.connect();
  return store;
}

/**
 * Move the base snapshot forward once this many events follow it: reads fold at most
 * about this many events, and a run's base is rewritten once per this many appends.
 */
const ADVANCE_EVERY = 100;
/** Runs read at once by a byte-bounded `listRuns` (each is in memory whole until measured). */
const LIST_BATCH_BOUNDED = 8;
/** Entries scanned per call while looking for a run's last log lines. */
const LOG_SCAN_CHUNK = 500;
/** List entries checked per round trip of the sweep. */
const SWEEP_BATCH = 500;
const RUN_STATUSES = Object.values(RunStatus);

interface RunRead {
  tenant: string;
  gen: string;
  snapshot: RunSnapshot;
  /** Events folded on top of the stored base. */
  tail: number;
  firstSeq: number;
  member: string;
}

type StreamEntry = [id: string, fields: string[]];

class RedisStore implements RedisRunStore {
  readonly #url: string;
  readonly #keys: RedisKeys;
  readonly #retention: Retention;
  /** Events kept after a trim: the limit minus the slack, as `trimFloor` computes. */
  readonly #keep: number;
  /** Redis TTL of a finished run's keys in ms; 0 never expires them. */
  readonly #ttlMs: number;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #cmd: Redis;
  readonly #sub: Redis;
  readonly #fanout: RedisFanout;
  readonly #advancing = new Set<string>();
  #up = false;
  #closed = false;
  readonly #sweepTimer: NodeJS.Timeout;
  #lastConnectionError: unknown;

  constructor(options: RedisStoreOptions) {
    this.#url = redactUrl(options.url);
    this.#keys = new RedisKeys(options.keyPrefix ?? 'rpk:');
    this.#retention = resolveRetention(options.retention);
    const max = this.#retention.maxEventsPerRun;
    this.#keep = max - Math.min(Math.floor(max / 10), MAX_TRIM_SLACK);
    const ttl = this.#retention.finishedRunTtlMs;
    this.#ttlMs = Number.isFinite(ttl) ? Math.max(1, Math.ceil(ttl)) : 0;
    this.#onError = options.onError ?? ((error, context) => console.error(`[redis-store] ${context}:`, error));
    this.#cmd = commandConnection(options.url, options);
    this.#sweepTimer = setInterval(() => {
      if (!this.#up || this.#closed) return;
      this.sweep().catch((error: unknown) => {
        // An outage is told by the requests that fail; the next tick tries again.
        if (!this.#closed && !isStoreUnavailable(error)) this.#onError(error, 'list sweep');
      });
    }, this.#retention.sweepIntervalMs);
    // Housekeeping must not keep a process alive that is otherwise done.
    this.#sweepTimer.unref();
    this.#sub = subscriberConnection(options.url, options);
    this.#fanout = new RedisFanout({
      subscriber: this.#sub,
      channelOf: (runId) => this.#keys.run(runId).channel,
      lastSeq: (runId) => this.#lastSeq(runId),
      readAfter: (runId, after, count) => this.#readAfter(runId, after, count),
      onError: (error, context) => this.#onError(error, context),
    });
    for (const connection of [this.#cmd, this.#sub]) {
      // Without a listener ioredis prints every failed reconnect; the last one is kept
      // as the cause of what callers are told instead.
      connection.on('error', (error: unknown) => {
        this.#lastConnectionError = error;
      });
      connection.on('close', () => this.#down());
      connection.on('ready', () => void this.#maybeUp());
    }
  }

  async connect(): Promise<void> {
    try {
      await Promise.all([this.#cmd.connect(), this.#sub.connect()]);
    } catch (error) {
      this.#closed = true;
      this.#cmd.disconnect();
      this.#sub.disconnect();
      throw new StoreUnavailableError(`cannot reach Redis at ${this.#url}: ${messageOf(error)}`, { cause: error });
    }
    this.#up = true;
  }

  async createRun(
    tenant: string,
    input: CreateRunInput & { id: string },
    now: Date,
  ): Promise<RunSnapshot | 'exists' | 'tenant-full'> {
    this.#assertOpen();
    const snapshot = initialSnapshot({ ...input, createdAt: now.toISOString() });
    const keys = this.#keys.run(input.id);
    const created = await guard(
      this.#cmd,
      'createRun',
      () =>
        CREATE_RUN.run(
          this.#cmd,
          [
            keys.meta,
            keys.events,
            keys.idem,
            keys.idemBySeq,
            this.#keys.tenantRuns(tenant),
            this.#keys.indexes(),
            this.#keys.tenantBytes(tenant),
          ],
          [
            tenant,
            randomUUID(),
            JSON.stringify(snapshot),
            listMember(now.getTime(), input.id),
            this.#retention.idleRunTtlMs,
            this.#retention.maxActiveRunsPerTenant,
          ],
        ),
      true,
    );
    if (created === -1) {
      // The count includes entries of runs that expired since the last sweep: clean
      // this tenant's lists once before refusing.
      if ((await this.sweep(tenant)) > 0) return this.createRun(tenant, input, now);
      return 'tenant-full';
    }
    return created === 1 ? snapshot : 'exists';
  }

  async getRun(runId: string): Promise<StoredRun | undefined> {
    this.#assertOpen();
    const keys = this.#keys.run(runId);
    const read = await this.#readRun(keys);
    if (!read) return undefined;
    // Self-healing: a worker that died between an append and moving the base leaves a
    // long tail; whoever reads it next moves the base.
    if (read.tail >= ADVANCE_EVERY) this.#advanceInBackground(keys, read);
    return { tenant: read.tenant, snapshot: read.snapshot, firstSeq: read.firstSeq };
  }

  async listRuns(query: ListRunsQuery): Promise<{ runs: RunSnapshot[]; next?: string }> {
    this.#assertOpen();
    if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
      throw new RangeError(`listRuns limit must be a positive integer, got ${query.limit}`);
    }
    const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
    const index = this.#keys.tenantRuns(query.tenant, query.status);
    // One extra run tells whether another page exists.
    const wanted = query.limit + 1;
    const maxBytes = query.maxBytes ?? Infinity;
    const found: RunSnapshot[] = [];
    let bytes = 0;
    let cut = false;
    let from = after === undefined ? '+' : `(${listMember(after.createdMs, after.id)}`;
    while (found.length < wanted && !cut) {
      // Under a byte bound, a few runs at a time: a batch is in memory whole.
      const batch = Math.min(wanted - found.length, Number.isFinite(maxBytes) ? LIST_BATCH_BOUNDED : wanted);
      const members = await guard(this.#cmd, 'listRuns', () =>
        this.#cmd.zrange(index, from, '-', 'BYLEX', 'REV', 'LIMIT', 0, batch),
      );
      if (members.length === 0) break;
      const reads = await Promise.all(members.map((member) => this.#readRun(this.#keys.run(runIdOfMember(member)))));
      const stale: string[] = [];
      for (const [i, member] of members.entries()) {
        const read = reads[i];
        // Expired runs leave their member behind (Redis cannot expire one member of a
        // set); so does a run whose id was reused after it expired.
        if (!read || read.member !== member) stale.push(member);
        // A run whose status changed since the range read is in its new list already.
        else if (!cut && (query.status === undefined || read.snapshot.status === query.status)) {
          const size = Number.isFinite(maxBytes) ? Buffer.byteLength(JSON.stringify(read.snapshot)) : 0;
          if (found.length > 0 && found.length < wanted - 1 && bytes + size > maxBytes) cut = true;
          else {
            found.push(read.snapshot);
            bytes += size;
          }
        }
      }
      if (stale.length > 0) await guard(this.#cmd, 'listRuns', () => this.#cmd.zrem(index, ...stale));
      if (members.length < batch) break;
      from = `(${members.at(-1)!}`;
    }
    const runs = found.slice(0, query.limit);
    const last = runs.at(-1);
    if ((!cut && found.length <= query.limit) || !last) return { runs };
    return { runs, next: encodeListCursor({ createdMs: Date.parse(last.createdAt), id: last.id }) };
  }

  async append(
    runId: string,
    events: readonly RunEventInput[],
    options: { idempotencyKey?: string | undefined; now: Date },
  ): Promise<AppendOutcome> {
    this.#assertOpen();
    if (events.length === 0) throw new RangeError('an append needs at least one event');
    const keys = this.#keys.run(runId);
    const defaultTime = options.now.toISOString();
    const args: Array<string | number> = [
      options.idempotencyKey ?? '',
      this.#retention.maxEventsPerRun,
      this.#keep,
      this.#ttlMs,
      keys.channel,
      ADVANCE_EVERY,
      events.length,
      this.#retention.idleRunTtlMs,
      this.#retention.maxBytesPerTenant,
    ];
    const bodies = events.map((input) => bodyOf(input, defaultTime));
    for (const [i, input] of events.entries()) args.push(input.type, auxOf(input), bodies[i]!);
    const reply = (await guard(
      this.#cmd,
      'append',
      () => APPEND.run(this.#cmd, [keys.meta, keys.events, keys.idem, keys.idemBySeq], args),
      true,
    )) as Array<string | number>;
    const outcome = this.#appendOutcome(runId, reply, events, bodies);
    if (!outcome.ok || outcome.result.replayed) return outcome;
    this.#fanout.offer(runId, outcome.events);
    if (Number(reply[4]) === 1) {
      // The append is committed whatever happens here; a failure only leaves a longer
      // tail for the next reader (who moves the base itself).
      try {
        await this.#advance(keys);
      } catch (error) {
        this.#onError(error, `moving the base snapshot of run ${runId}`);
      }
    }
    return outcome;
  }

  async readEvents(
    runId: string,
    after: number,
    limit: number,
    bounds?: ReadBounds,
  ): Promise<StoredEventPage | undefined> {
    this.#assertOpen();
    const keys = this.#keys.run(runId);
    const args = [`${Math.max(0, after) + 1}-0`, Math.max(0, limit), byteBound(bounds?.maxBytes)];
    const reply = (await guard(this.#cmd, 'readEvents', () =>
      READ_EVENTS.run(this.#cmd, [keys.meta, keys.events], args),
    )) as string[] | null;
    if (!reply) return undefined;
    const [status, lastSeq, firstSeq, ...bodies] = reply;
    return {
      events: bodies.map((body) => JSON.parse(body) as RunEvent),
      firstSeq: Number(firstSeq),
      lastSeq: Number(lastSeq),
      status: status as RunStatus,
    };
  }

  async readLogTail(runId: string, count: number, bounds?: ReadBounds): Promise<LogEvent[] | undefined> {
    this.#assertOpen();
    const keys = this.#keys.run(runId);
    const exists = await guard(this.#cmd, 'readLogTail', () => this.#cmd.exists(keys.meta));
    if (exists === 0) return undefined;
    const lines: string[] = [];
    let left = bounds?.maxBytes ?? Infinity;
    let end = '+';
    while (lines.length < count) {
      const args = [end, count - lines.length, byteBound(left), LOG_SCAN_CHUNK, lines.length];
      const [next, ...bodies] = (await guard(this.#cmd, 'readLogTail', () =>
        READ_LOG_TAIL.run(this.#cmd, [keys.events], args),
      )) as string[];
      for (const body of bodies) {
        lines.push(body);
        left -= Buffer.byteLength(body);
      }
      if (!next) break;
      end = next;
    }
    return lines.reverse().map((body) => JSON.parse(body) as LogEvent);
  }

  subscribe(runId: string, listener: EventListener, options?: SubscribeOptions): () => void {
    this.#assertOpen();
    return this.#fanout.subscribe(runId, listener, options);
  }

  async estimate(tenant: string, kind: string): Promise<RunEstimate | undefined> {
    this.#assertOpen();
    const key = this.#keys.kindSucceeded(tenant, kind);
    const bodies = await guard(this.#cmd, 'estimate', () => this.#cmd.lrange(key, 0, ESTIMATE_SAMPLE_SIZE - 1));
    return estimateFromRuns(bodies.map((body) => JSON.parse(body) as RunSnapshot));
  }

  sharedRateLimit(perSecond: number, burst: number): (key: string) => Promise<number> {
    const take = redisRateLimit(this.#cmd, this.#keys.prefix, perSecond, burst);
    return (key) => guard(this.#cmd, 'rate limit', () => take(key));
  }

  /**
   * Removes the list entries of runs that expired (Redis expires a run's keys but cannot
   * expire one member of a set), from every tenant's lists; resolves with how many went.
   * Runs every `sweepIntervalMs` by itself; lists are also cleaned as they are read.
   */
  async sweep(tenant?: string): Promise<number> {
    this.#assertOpen();
    let removed = 0;
    const lists =
      tenant === undefined
        ? await guard(this.#cmd, 'sweep', () => this.#cmd.smembers(this.#keys.indexes()))
        : [this.#keys.tenantRuns(tenant)];
    for (const all of lists) {
      // The tenant's byte count, recounted from its live runs: Redis expires a run's keys
      // without a word, so only a recount takes an expired run's bytes off.
      let held = 0;
      for (const list of [all, ...RUN_STATUSES.map((status) => `${all}:${status}`)]) {
        let cursor = '0';
        do {
          const [next, members] = await guard(this.#cmd, 'sweep', () =>
            this.#cmd.zscan(list, cursor, 'COUNT', SWEEP_BATCH),
          );
          cursor = next;
          // ZSCAN answers member, score, member, score, …
          const names = members.filter((_, i) => i % 2 === 0);
          if (names.length === 0) continue;
          const pipeline = this.#cmd.pipeline();
          for (const member of names) pipeline.hmget(this.#keys.run(runIdOfMember(member)).meta, 'member', 'bytes');
          const owners = ((await guard(this.#cmd, 'sweep', () => pipeline.exec())) ?? []).map(
            (reply) => (reply[1] ?? []) as Array<string | null>,
          );
          const stale = names.filter((member, i) => owners[i]?.[0] !== member);
          if (list === all)
            for (const [i, member] of names.entries())
              if (owners[i]?.[0] === member) held += Number(owners[i]?.[1] ?? 0);
          if (stale.length > 0) {
            await guard(this.#cmd, 'sweep', () => this.#cmd.zrem(list, ...stale));
            removed += stale.length;
          }
        } while (cursor !== '0' && !this.#closed);
      }
      // Appends between the scan and this write are lost to the count until the next sweep.
      const usage = all.replace(/:runs$/, ':bytes');
      await guard(this.#cmd, 'sweep', () => this.#cmd.set(usage, held));
    }
    return removed;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#sweepTimer);
    this.#fanout.close();
    await Promise.all([quit(this.#cmd), quit(this.#sub)]);
  }

  // ---- internals ----

  #appendOutcome(
    runId: string,
    reply: ReadonlyArray<string | number>,
    inputs: readonly RunEventInput[],
    bodies: readonly string[],
  ): AppendOutcome {
    const [tag, a, b, c] = reply.map(String);
    switch (tag) {
      case 'not-found':
        return { ok: false, reason: 'not-found', detail: `no run ${runId}` };
      case 'replayed': {
        const result: AppendResult = { runId, firstSeq: Number(a), lastSeq: Number(b), replayed: true };
        return { ok: true, result, events: [] };
      }
      case 'ended':
        return {
          ok: false,
          reason: 'ended',
          detail: `run ${runId} already ended with status '${a}' at seq ${b}`,
        };
      case 'tenant-full':
        return {
          ok: false,
          reason: 'tenant-full',
          detail: `the tenant holds ${a} bytes of events; this batch of ${b} would pass its cap of ${this.#retention.maxBytesPerTenant}`,
        };
      case 'invalid-transition':
        return {
          ok: false,
          reason: 'invalid-transition',
          detail:
            c === ''
              ? `events[${a}] follows the terminal status '${b}' earlier in the same batch`
              : `events[${a}]: a run that is '${b}' cannot go back to '${c}'`,
        };
      case 'ok': {
        const firstSeq = Number(a);
        const result: AppendResult = { runId, firstSeq, lastSeq: Number(b), replayed: false };
        return {
          ok: true,
          result,
          events: storedEvents(inputs, bodies, firstSeq, c ? (JSON.parse(c) as string) : undefined),
        };
      }
      default:
        throw new Error(`unexpected reply from the append script: ${JSON.stringify(reply)}`);
    }
  }

  async #readRun(keys: RunKeys): Promise<RunRead | undefined> {
    const reply = (await guard(this.#cmd, 'reading a run', () =>
      READ_RUN.run(this.#cmd, [keys.meta, keys.events], []),
    )) as string[] | null;
    if (!reply) return undefined;
    const [tenant, gen, base, firstSeq, member, ...tail] = reply;
    let snapshot = JSON.parse(base!) as RunSnapshot;
    for (const body of tail) snapshot = applyEvent(snapshot, JSON.parse(body) as RunEvent);
    return { tenant: tenant!, gen: gen!, snapshot, tail: tail.length, firstSeq: Number(firstSeq), member: member! };
  }

  async #advance(keys: RunKeys): Promise<void> {
    const read = await this.#readRun(keys);
    if (read && read.tail > 0) await this.#storeBase(keys, read);
  }

  #advanceInBackground(keys: RunKeys, read: RunRead): void {
    // Many readers of one busy run would otherwise each send the same CAS.
    if (this.#advancing.has(keys.meta)) return;
    this.#advancing.add(keys.meta);
    this.#storeBase(keys, read)
      .catch((error: unknown) => {
        if (!this.#closed) this.#onError(error, `moving the base snapshot of ${keys.meta}`);
      })
      .finally(() => this.#advancing.delete(keys.meta));
  }

  async #storeBase(keys: RunKeys, read: RunRead): Promise<void> {
    const { snapshot } = read;
    const sample = snapshot.status === 'succeeded' && snapshot.kind !== undefined;
    const kindKey = sample ? this.#keys.kindSucceeded(read.tenant, snapshot.kind!) : keys.meta;
    await guard(this.#cmd, 'moving the base snapshot', () =>
      ADVANCE_BASE.run(
        this.#cmd,
        [keys.meta, keys.events, keys.idem, keys.idemBySeq, kindKey],
        [
          read.gen,
          snapshot.seq,
          JSON.stringify(snapshot),
          this.#retention.maxEventsPerRun,
          this.#keep,
          sample ? '1' : '0',
          ESTIMATE_SAMPLE_SIZE,
          this.#ttlMs,
        ],
      ),
    );
  }

  #lastSeq(runId: string): Promise<number> {
    // A plain promise chain, one step from the reply: see FanoutSource.lastSeq.
    return this.#cmd.hget(this.#keys.run(runId).meta, 'lastSeq').then(
      (value) => (value === null ? 0 : Number(value)),
      (error: unknown) => {
        throw toStoreError(error, 'subscribe');
      },
    );
  }

  async #readAfter(runId: string, after: number, count: number): Promise<RunEvent[]> {
    const keys = this.#keys.run(runId);
    const entries = (await guard(this.#cmd, 'reading live events', () =>
      this.#cmd.xrange(keys.events, `${after + 1}-0`, '+', 'COUNT', count),
    )) as StreamEntry[];
    return entries.map(([, fields]) => JSON.parse(fields[3]!) as RunEvent);
  }

  #down(): void {
    if (this.#closed) return;
    this.#up = false;
    const cause = this.#lastConnectionError;
    this.#fanout.markUnavailable(
      new StoreUnavailableError(
        `lost the connection to Redis at ${this.#url}${cause === undefined ? '' : `: ${messageOf(cause)}`}`,
        { cause },
      ),
    );
  }

  async #maybeUp(): Promise<void> {
    if (this.#closed || this.#up || this.#cmd.status !== 'ready' || this.#sub.status !== 'ready') return;
    this.#up = true;
    try {
      // ioredis re-subscribes just before 'ready'; a round trip on the same connection
      // makes sure those subscriptions are live before the catch-up reads, or an event
      // published in between would wait for the next one.
      await this.#sub.ping();
    } catch {
      return; // dropped again: the next 'ready' tries again
    }
    if (this.#up && !this.#closed) this.#fanout.markAvailable();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError(`the Redis run store at ${this.#url}`);
  }
}

async function quit(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect(); // not connected: nothing to say goodbye to
  }
}

/** A byte bound as the read scripts take it: -1 for none, never below 0 otherwise. */
function byteBound(maxBytes: number | undefined): number {
  return maxBytes === undefined || !Number.isFinite(maxBytes) ? -1 : Math.max(0, Math.floor(maxBytes));
}

function redactUrl(url: string): string {
  if (isSentinelSpec(url)) return redactTarget(url);
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid Redis URL)';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
