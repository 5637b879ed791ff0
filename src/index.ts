/**
 * run-progress-kit for plain tags: importing this entry defines `<run-progress>` and
 * `<run-log-tail>` (and nothing else global), and gives the run feed for pages that
 * make their own feeds (`watchRun`, `createRunClient`, or `runClientWith` with only the
 * transports the page uses), plus the contract's types. React users import
 * `run-progress-kit/react` instead; the wire contract's schemas and validators are in
 * `run-progress-kit/contract`.
 * ```html
 * <script type="module">
 *   import 'run-progress-kit';
 * </script>
 * <run-progress base-url="/api" run-id="nightly-42"></run-progress>
 * <run-log-tail base-url="/api" run-id="nightly-42"></run-log-tail>
 * ```
 * Pages that render runs themselves import `run-progress-kit/feed` (no Lit, no tags). The
 * self-contained bundle `run-progress-kit/bundle` (`dist/run-progress-kit.js`) is this entry
 * with Lit included, for pages without a bundler.
 * @packageDocumentation
 */
export * from './components/run-progress/run-progress.js';
export * from './components/run-log-tail/run-log-tail.js';
export * from './components/events/index.js';
export {
  watchRun,
  createRunClient,
  runClientWith,
  defaultTransports,
  TransportKind,
  ConnectionStatus,
  type WatchRunOptions,
  type RunClient,
  type RunClientOptions,
  type ConnectionInfo,
  type FeedMessageError,
  type LogWindow,
  type RunFeed,
  type RunFeedChange,
  type RunFeedState,
} from './feed/index.js';
// The transports, for `runClientWith([...])`: a page that passes one ships only that one
// (see scripts/size.mjs), without deep imports.
export {
  webSocketTransport,
  sseTransport,
  pollingTransport,
  TransportError,
  type SseOptions,
  type PollingOptions,
  type TransportFactory,
  type RetryPolicy,
  type RetryContext,
  type TokenGetter,
  type Clock,
} from './transports/index.js';
export type { LabelMap } from './components/shared/phase-label.js';
export type * from './contract/types.js';
export {
  registerAdapter,
  defineAdapter,
  countedSteps,
  type RunAdapter,
  type RunUpdate,
  type UrlTemplate,
  type MessageContext,
  type JsonEndpoint,
  type PollEndpoint,
  type SseEndpoint,
  type WebSocketEndpoint,
  type LogLineUpdate,
} from './adapters/index.js';
