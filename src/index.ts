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
} from './feed/index.js';
// The transports, for `runClientWith([...])`: a page that passes one ships only that one
// (see scripts/size.mjs), without deep imports.
export {
  webSocketTransport,
  sseTransport,
  pollingTransport,
  TransportError,
  CloseKind,
  type SseOptions,
  type PollingOptions,
} from './transports/index.js';
export { registerAdapter, defineAdapter, countedSteps } from './adapters/index.js';
// The contract's vocabularies (each a `const` object and a type of the same name).
export { RunStatus, StepState, LogLevel, LogStream, ResetReason } from './contract/vocabulary.js';
// Every type the above name: the feed's, the client options', the transport layer's, the
// adapter API's and the contract's (the element entries re-export the same module).
export type * from './feed/public-types.js';
