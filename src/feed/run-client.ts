/**
 * One client per base URL: it owns the shared connection that carries every run the page
 * watches, and hands out feeds.
 * @module
 */
import {
  Connection,
  exponentialBackoff,
  mapLadderMemory,
  pollingTransport,
  sseTransport,
  systemClock,
  webSocketTransport,
  type Clock,
  type ConnectionInfo,
  type Environment,
  type FetchLike,
  type LadderMemory,
  type MalformedMessage,
  type RetryPolicy,
  type SubscriptionSet,
  type TokenGetter,
  type TransportFactory,
  type TransportKind,
  type WebSocketConstructor,
} from '../transports/index.js';
import { resolveAdapter } from '../adapters/registry.js';
import type { RunAdapter } from '../adapters/types.js';
import { MAX_PAGE } from '../contract/limits.js';
import type { Problem } from '../contract/types.js';
import { identity } from './identity.js';
import { lazyAdapter } from './lazy-adapter.js';
import { DEFAULT_LOG_CAPACITY } from './log-window.js';
import { restReader } from './rest.js';
import { LiveRunFeed } from './run-feed.js';
import type { RunFeed } from './types.js';

/** Options of {@link createRunClient}. */
export interface RunClientOptions {
  /** Base of the contract's endpoints (default `/api`), e.g. `https://host/api`. */
  baseUrl?: string | undefined;
  /**
   * Returns the bearer token before each connect and REST read; `{ refresh: true }` once after a
   * 401. A getter that throws or rejects is retried through `retryPolicy` as a `token` close.
   */
  getToken?: TokenGetter | undefined;
  /** `fetch`'s `credentials`, e.g. `'include'` to send cookies cross-origin. */
  credentials?: RequestCredentials | undefined;
  /**
   * The transports, best first: the fallback ladder (default WebSocket, SSE, polling).
   * Pass only the ones you use and the others are left out of your bundle.
   */
  transports?: readonly TransportFactory[] | undefined;
  /** Use only this transport (from `transports`), no fallback. */
  transport?: TransportKind | undefined;
  /** The `fetch` for REST reads, SSE and polling (default: the global one). */
  fetch?: FetchLike | undefined;
  /** The WebSocket constructor (Node 20 has none: pass `ws`'s or undici's). */
  WebSocket?: WebSocketConstructor | undefined;
  /** Time and timers (default: the platform's); tests pass a fake one. */
  clock?: Clock | undefined;
  /** The page's visibility and connectivity (default: read from the global scope). */
  environment?: Environment | undefined;
  /**
   * How long to wait between reconnects and REST catch-up retries, or `null` to stop (default:
   * `exponentialBackoff()`, full-jitter backoff without end). It sees why (`reason.kind`, e.g.
   * `'token'` for a failing token getter) and for how long it has been failing (`elapsedMs`).
   */
  retryPolicy?: RetryPolicy | undefined;
  /** Log lines each feed keeps (default 100 000). */
  logCapacity?: number | undefined;
  /** Log lines loaded when a feed starts (default: the capacity, at most the server's 5000). */
  tailLines?: number | undefined;
  /** Abort a REST read (snapshot, events, log tail) after this long (default 30 s). */
  requestTimeoutMs?: number | undefined;
  /** Connection open this long counts as stable (default 10 s). */
  stableAfterMs?: number | undefined;
  /** An attempt that has not opened after this long is abandoned (default 20 s). */
  openTimeoutMs?: number | undefined;
  /** On a fallback transport, try the better one again after this long (default 60 s; 0: never). */
  upgradeAfterMs?: number | undefined;
  /** Remembers which transport worked, per base URL (default: one memory for the page). */
  memory?: LadderMemory | undefined;
  /**
   * Follow a backend that does not speak the contract: an adapter, or the name it was
   * registered under with `registerAdapter`. Its transports replace `transports`
   * (`transport` still picks one of them). See docs/adapters.md.
   */
  adapter?: RunAdapter | string | undefined;
}

/**
 * The shared connection of a {@link RunClient}, as a page may watch it (for diagnostics):
 * its state and the messages it skipped. Feeds subscribe runs to it; the client closes it.
 */
export interface ClientConnection {
  /** The current connection state (a fresh object after each change). */
  getInfo(): ConnectionInfo;
  /** Calls `listener` on each state change; returns the unsubscribe function. */
  onInfo(listener: (info: ConnectionInfo) => void): () => void;
  /** Calls `listener` for each malformed message skipped; returns the unsubscribe function. */
  onMalformed(listener: (error: MalformedMessage) => void): () => void;
  /** Why the connection stopped, when the server sent a problem body. */
  readonly problem: Problem | undefined;
  /** The runs carried now, each with its resume cursor: `run → after`. */
  subscriptions(): SubscriptionSet;
}

/** A client for one backend: one shared connection, any number of feeds. */
export interface RunClient {
  /** Follows `runId`: a feed that loads the snapshot, then tails it until it ends. */
  watch(runId: string): RunFeed;
  /** The shared connection (for diagnostics). */
  readonly connection: ClientConnection;
  /** Closes every feed and the connection, for good. */
  close(): void;
}

/** The transports used when none are given, best first. */
export function defaultTransports(): TransportFactory[] {
  return [webSocketTransport(), sseTransport(), pollingTransport()];
}

const pageMemory: LadderMemory = mapLadderMemory();

/** `memory` with every key under `prefix`. */
const scopedMemory = (memory: LadderMemory, prefix: string): LadderMemory => ({
  get: (key) => memory.get(prefix + key),
  set: (key, kind) => memory.set(prefix + key, kind),
});

/**
 * Creates a client for one backend. Every feed it hands out shares one connection, so a
 * dashboard of twenty runs holds one socket, not twenty. Without `transports` it uses
 * {@link defaultTransports}, so a page calling it ships all three; to ship fewer, use
 * {@link runClientWith}.
 */
export function createRunClient(options: RunClientOptions = {}): RunClient {
  return runClientWith(options.transports ?? defaultTransports(), options);
}

/**
 * {@link createRunClient} over exactly `transports` (best first; `options.transports` is
 * not read). Nothing here refers to the transports it is not given, so a page passing
 * one leaves the other two out of its bundle (see scripts/size.mjs).
 */
export function runClientWith(transports: readonly TransportFactory[], options: RunClientOptions = {}): RunClient {
  const adapter = resolveAdapter(options.adapter);
  const memory = options.memory ?? pageMemory;
  // The options go on whole to the connection, the REST reader and the adapter; each
  // reads its own.
  const context = {
    ...options,
    baseUrl: options.baseUrl ?? '/api',
    clock: options.clock ?? systemClock,
    retryPolicy: options.retryPolicy ?? exponentialBackoff(),
    fetch: options.fetch ?? (((input, init) => globalThis.fetch(input, init)) as FetchLike),
    // What worked for an adapter is remembered apart from what worked for the contract
    // (or another adapter) on the same base URL: their endpoints are different routes.
    memory: adapter ? scopedMemory(memory, `adapter#${identity(adapter)}\n`) : memory,
  };
  const { clock, retryPolicy } = context;
  const bound = adapter && lazyAdapter(adapter, context);
  let ladder = bound?.transports ?? transports;
  if (options.transport) {
    ladder = ladder.filter((t) => t.kind === options.transport);
    if (ladder.length === 0) throw new RangeError(`transport ${options.transport} is not among the transports given`);
  }
  const connection = new Connection({ ...context, transports: ladder });
  const reader = bound?.reader ?? restReader(context);
  const logCapacity = options.logCapacity ?? DEFAULT_LOG_CAPACITY;
  const tailLines = Math.max(0, Math.min(options.tailLines ?? logCapacity, logCapacity, MAX_PAGE));
  const feeds = new Set<RunFeed>();
  let closed = false;

  return {
    connection,
    watch(runId) {
      if (closed) throw new Error('this run client is closed');
      const feed: RunFeed = new LiveRunFeed({
        runId,
        reader,
        connection,
        clock,
        retryPolicy,
        logCapacity,
        tailLines,
        // An adapter cannot know whether its backend replayed what an outage missed.
        resumes: !bound,
        onRelease: () => feeds.delete(feed),
      });
      feeds.add(feed);
      return feed;
    },
    close() {
      closed = true;
      for (const feed of [...feeds]) feed.close();
      connection.close();
    },
  };
}
