/**
 * The run feed: follow a run (snapshot, then live events) as plain observable data, over
 * one connection shared by every run on the page. Elements call
 * `watchRun({ baseUrl, runId })` and `feed.close()`.
 *
 * ```ts
 * const feed = watchRun({ baseUrl: 'https://ci.example.com/api', runId, getToken: async () => token });
 * const off = feed.subscribe((state, change) => render(state.run, state.logs, change.appendedLines));
 * // later
 * off();
 * feed.close();
 * ```
 * For more control (one client per backend, chosen transports, injected `fetch`,
 * `WebSocket` or clock), use {@link createRunClient} and `client.watch(runId)`.
 * @packageDocumentation
 */
export { watchRun, type WatchRunOptions } from './watch-run.js';
export {
  createRunClient,
  runClientWith,
  defaultTransports,
  type RunClient,
  type RunClientOptions,
} from './run-client.js';
export { RingLogWindow, DEFAULT_LOG_CAPACITY } from './log-window.js';
export { LiveRunFeed, type FeedConnection, type RunFeedDeps } from './run-feed.js';
export { restReader, type RunReader, type RestReaderOptions } from './rest.js';
export {
  TransportKind,
  ConnectionStatus,
  type ConnectionInfo,
  type FeedMessageError,
  type LogWindow,
  type RunFeed,
  type RunFeedChange,
  type RunFeedState,
} from './types.js';
// What a page that follows runs names or implements, so `run-progress-kit/feed` needs no
// second import: the transports for `runClientWith([...])`, and the transport layer's
// policies, clock and errors.
export {
  webSocketTransport,
  sseTransport,
  pollingTransport,
  backoff,
  exponentialBackoff,
  systemClock,
  TransportError,
  type BackoffOptions,
  type Clock,
  type TimerHandle,
  type RetryContext,
  type RetryPolicy,
  type TokenGetter,
  type SseOptions,
  type PollingOptions,
  type TransportFactory,
  type FetchLike,
  type WebSocketConstructor,
  type MalformedMessage,
} from '../transports/index.js';
export type * from '../contract/types.js';
