/**
 * The adapter API: how a page describes a backend that does not speak the contract, as
 * URL templates and pure mapping functions from that backend's JSON to a {@link RunUpdate}.
 * @module
 */
import type { Problem, RunError, Step } from '../contract/types.js';
import type { LogLevel, LogStream, RunStatus } from '../contract/vocabulary.js';
import type { TransportKind } from '../transports/kinds.js';

/**
 * Where an endpoint is: a path under the client's base URL with `{runId}` in it
 * (`'/jobs/{runId}'`), an absolute URL, or a function of the run id. `{runId}` is
 * URL-encoded. WebSocket URLs may be `ws(s)://…` or `http(s)://…`/relative (converted).
 */
export type UrlTemplate = string | ((runId: string) => string);

/**
 * A time as a backend sends it: an ISO 8601 string, milliseconds since the epoch, or a
 * `Date`. A value that is none of these is reported as malformed and the arrival time
 * is used instead (the line is kept).
 */
export type BackendTime = string | number | Date;

/** One log line an update adds. */
export interface LogLineUpdate {
  text: string;
  level?: LogLevel | undefined;
  stream?: LogStream | undefined;
  /** When the backend wrote the line (default: when the update arrived). */
  time?: BackendTime | undefined;
}

/**
 * What one backend message (or one poll) says about a run. Every field is optional:
 * a field left out keeps its current value, so a mapping returns only what it knows.
 * The adapter compares it with the run as known and emits contract events for what
 * changed, with a `seq` of its own (see docs/adapters.md, "Where seq comes from").
 */
export interface RunUpdate {
  /**
   * Identity of the message, for backends that replay earlier messages on reconnect:
   * an update whose key was already seen for this run is dropped whole.
   */
  key?: string | undefined;
  status?: RunStatus | undefined;
  /** Why the run failed (with `status: 'failed'`). */
  error?: RunError | undefined;
  /** Machine phase name; shown through the page's label map. */
  phase?: string | undefined;
  /** The phase in words, if the backend has them. */
  label?: string | undefined;
  percent?: number | undefined;
  message?: string | undefined;
  etaMs?: number | undefined;
  steps?: Step[] | undefined;
  /** Lines to append to the run's log, in order. */
  logs?: ReadonlyArray<string | LogLineUpdate> | undefined;
  /**
   * When the run started, if the backend says: elapsed time counts from it rather than
   * from the first update this page saw (a page opened mid-run shows the real elapsed
   * time). Only the first known start counts.
   */
  startedAt?: BackendTime | undefined;
}

/** What a mapping function is told besides the payload. */
export interface MessageContext {
  runId: string;
  /** The SSE event name (`message` when the stream sends none). */
  event?: string | undefined;
}

/**
 * Maps a backend payload to an update; `undefined` ignores it (keepalives, messages of
 * no interest), which still counts as "the connection is alive". May throw: the message
 * is then reported as malformed and skipped.
 */
export type MapMessage = (payload: unknown, context: MessageContext) => RunUpdate | undefined;

/** A JSON resource read with `GET` (the run's status resource, a progress endpoint). */
export interface JsonEndpoint {
  url: UrlTemplate;
  map: MapMessage;
}

/** A polled JSON resource: every answer is treated as the whole current state. */
export interface PollEndpoint extends JsonEndpoint {
  /** Time between polls (default 1 s). */
  intervalMs?: number | undefined;
}

/** An SSE stream per run (read over `fetch`, so it carries the bearer token). */
export interface SseEndpoint {
  url: UrlTemplate;
  /** Gets each event's `data`, parsed as JSON when it is JSON, else the text. */
  map: MapMessage;
  /** The stream's keepalive interval: silence longer than ~1.5× this plus 2 s is a dead stream. */
  heartbeatMs?: number | undefined;
  /**
   * Re-read `snapshot` each time the stream opens (default: true when the adapter has a
   * `snapshot` endpoint). A stream without ids cannot resume, so this is what keeps the
   * state right across a reconnect.
   */
  resyncOnOpen?: boolean | undefined;
}

/** A WebSocket per run. */
export interface WebSocketEndpoint {
  url: UrlTemplate;
  /** The first message to send once open (e.g. a subscribe message), as JSON; `undefined`: none. */
  subscribe?: ((context: { runId: string; token: string | undefined }) => unknown) | undefined;
  /** Gets each message parsed as JSON (else the text). */
  map: MapMessage;
  /** The server's ping interval, if it sends one (enables dead-socket detection). */
  heartbeatMs?: number | undefined;
}

/** A failed answer of the backend, as {@link RunAdapter.problem} is given it. */
export interface FailedAnswer {
  runId: string;
  /** The HTTP status (for a WebSocket, the status its close code stands for). */
  status: number;
  /** The body parsed as JSON when it is JSON, else its text; `undefined` for a WebSocket close. */
  body: unknown;
}

/**
 * What a backend's failed answer means, in the contract's words: `title` is what the
 * elements show, `status` (default: the answer's) decides what the feed does next: 401
 * refreshes the token, 403, 404 and 410 stop, others retry with back-off.
 */
export type AdapterProblem = Pick<Problem, 'title'> & Partial<Pick<Problem, 'type' | 'status' | 'detail'>>;

/**
 * A description of a backend that does not speak the contract. The transports it
 * supports are the endpoints it gives; `transports` orders them (the fallback ladder).
 */
export interface RunAdapter {
  /** The run as a resource: loaded first, and re-read when a stream re-opens. */
  snapshot?: JsonEndpoint | undefined;
  /** Polled for updates (the polling transport); default: `snapshot` at 1 s, if given. */
  poll?: PollEndpoint | undefined;
  sse?: SseEndpoint | undefined;
  webSocket?: WebSocketEndpoint | undefined;
  /** Transports to use, best first (default: WebSocket, SSE, polling, of those given). */
  transports?: readonly TransportKind[] | undefined;
  /** Events kept per run for gap filling (default 10 000); older ones are forgotten. */
  historyLimit?: number | undefined;
  /**
   * Maps a failed answer to what it means (e.g. a `400 {"error":"unknown job"}` to a
   * not-found problem). `undefined`, or no function: 401, 403 and 404 are shown as "Not
   * authorised" and "Not found", other statuses as the status. May throw: the answer is
   * then reported as malformed and read by its status alone.
   */
  problem?: ((answer: FailedAnswer) => AdapterProblem | undefined) | undefined;
}
