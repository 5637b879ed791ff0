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
export { watchRun } from './watch-run.js';
export { createRunClient, runClientWith, defaultTransports } from './run-client.js';
export { RingLogWindow, DEFAULT_LOG_CAPACITY } from './log-window.js';
export { LiveRunFeed, type FeedConnection, type RunFeedDeps } from './run-feed.js';
export { restReader, type RunReader, type RestReaderOptions } from './rest.js';
export { TransportKind, ConnectionStatus } from './types.js';
// What a page that follows runs names or implements, so `run-progress-kit/feed` needs no
// second import: the transports for `runClientWith([...])`, the transport layer's
// policies, clock and errors, and the contract's vocabularies.
export {
  webSocketTransport,
  sseTransport,
  pollingTransport,
  backoff,
  exponentialBackoff,
  systemClock,
  TransportError,
  CloseKind,
  type BackoffOptions,
  type RunSink,
  type SseOptions,
  type PollingOptions,
} from '../transports/index.js';
export { RunStatus, StepState, LogLevel, LogStream, ResetReason } from '../contract/vocabulary.js';
// Every type the above name: the feed's, the client options', the transport layer's, the
// adapter API's and the contract's.
export type * from './public-types.js';
