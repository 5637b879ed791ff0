/**
 * The storage interface of the reference backend. The embedded SQLite store is the
 * default; a Redis store implements the same interface for several workers. Stores know
 * nothing of HTTP or auth: the tenant is stored with the run and checked by the caller.
 * @module
 */
import type {
  AppendResult,
  CreateRunInput,
  LogEvent,
  RunEstimate,
  RunEvent,
  RunEventInput,
  RunSnapshot,
  RunStatus,
} from '../../src/contract/index.js';

/** A run as stored: its snapshot (the fold up to `snapshot.seq`) and its owner. */
export interface StoredRun {
  tenant: string;
  snapshot: RunSnapshot;
  /** Oldest seq still retained; `snapshot.seq + 1` when no event is retained. */
  firstSeq: number;
}

/** Query of {@link RunStore.listRuns}. */
export interface ListRunsQuery {
  tenant: string;
  status?: RunStatus | undefined;
  limit: number;
  /** Opaque cursor from a previous page's `next`. */
  cursor?: string | undefined;
  /** See {@link ReadBounds.maxBytes}: a page that reaches it ends early, with `next`. */
  maxBytes?: number | undefined;
}

/**
 * A byte bound on one read, so a page of large items is never built whole in memory.
 * Bytes are those of the stored JSON (UTF-8). The first item is always included, however
 * large, so a reader can never be stuck behind one item bigger than the bound.
 */
export interface ReadBounds {
  /** Stop before the item that would take the page past this many bytes (default: no bound). */
  maxBytes?: number | undefined;
}

/** What {@link RunStore.append} answers. */
export type AppendOutcome =
  | { ok: true; result: AppendResult; events: RunEvent[] }
  | { ok: false; reason: 'not-found' | 'ended' | 'invalid-transition' | 'tenant-full'; detail: string };

/** A page of a run's events. */
export interface StoredEventPage {
  events: RunEvent[];
  firstSeq: number;
  lastSeq: number;
  status: RunStatus;
}

/** Receives a run's newly committed events, in seq order, with no gaps between calls. */
export type EventListener = (events: readonly RunEvent[]) => void;

/**
 * Optional callbacks of {@link RunStore.subscribe} for stores on a shared engine, which
 * can become unreachable (the embedded store never calls them). The subscription stays
 * in place through an outage and resumes with no gap when the engine returns.
 */
export interface SubscribeOptions {
  /**
   * The engine cannot be reached (the error is a `StoreUnavailableError`): live events
   * are paused, so streams can ask clients to back off.
   */
  onUnavailable?: ((error: Error) => void) | undefined;
  /** The engine is back and events missed meanwhile have been delivered. */
  onRecovered?: (() => void) | undefined;
}

/**
 * A run store. Every method is safe to call concurrently; `append` assigns seqs
 * atomically (strictly +1 per run, even across processes for shared stores), and an
 * append whose `idempotencyKey` was already stored for the run returns the first
 * append's result with `replayed: true` and stores nothing.
 */
export interface RunStore {
  /**
   * Creates a run; `'exists'` when the id is taken, `'tenant-full'` when the tenant has
   * `maxActiveRunsPerTenant` runs that have not ended.
   */
  createRun(
    tenant: string,
    input: CreateRunInput & { id: string },
    now: Date,
  ): Promise<RunSnapshot | 'exists' | 'tenant-full'>;
  getRun(runId: string): Promise<StoredRun | undefined>;
  /** Runs of one tenant, newest first; a page cut short by `query.maxBytes` has `next`. */
  listRuns(query: ListRunsQuery): Promise<{ runs: RunSnapshot[]; next?: string }>;
  append(
    runId: string,
    events: readonly RunEventInput[],
    options: { idempotencyKey?: string | undefined; now: Date },
  ): Promise<AppendOutcome>;
  /**
   * Events with seq > `after`, oldest first, at most `limit` and at most `bounds.maxBytes`
   * (a short page then; the caller continues after its last seq); `undefined` for an
   * unknown run.
   */
  readEvents(runId: string, after: number, limit: number, bounds?: ReadBounds): Promise<StoredEventPage | undefined>;
  /** The last `count` log lines, oldest first; fewer (the newest) when `bounds.maxBytes` is reached. */
  readLogTail(runId: string, count: number, bounds?: ReadBounds): Promise<LogEvent[] | undefined>;
  /**
   * Calls `listener` with each batch of events committed for `runId` after this call.
   * Returns the unsubscribe function. For shared stores this includes appends made by
   * other processes, and the first batch may also hold a few events committed just
   * before the call (the starting point is fixed when the engine answers), so listeners
   * compare seqs.
   */
  subscribe(runId: string, listener: EventListener, options?: SubscribeOptions): () => void;
  /**
   * Per-step duration estimates from finished runs of `kind` in `tenant` only: one
   * tenant's runs never shape (nor reveal anything to) another's estimates.
   */
  estimate(tenant: string, kind: string): Promise<RunEstimate | undefined>;
  /**
   * A request budget shared by every process on this store (optional: stores of one
   * process leave it out and the server counts in memory). The function counts one
   * request of `key` and resolves with 0 when allowed, else the ms until one would be.
   * `perSecond` sustained, `burst` at once.
   */
  sharedRateLimit?(perSecond: number, burst: number): (key: string) => Promise<number>;
  close(): Promise<void>;
}
