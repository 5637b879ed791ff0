/**
 * Adapters: follow runs on a backend that does not speak the contract. An adapter is
 * data (URL templates) plus pure mapping functions from the backend's JSON to a
 * {@link RunUpdate}; the kit turns updates into contract events with a `seq` of its own
 * and runs them through the same reconnect machine, backoff, liveness and ladder as the
 * contract's transports. Pass one as `adapter` to `watchRun`/`createRunClient`, or
 * register it by name for `<run-progress adapter="name">`. See docs/adapters.md.
 * @packageDocumentation
 */
export type {
  AdapterProblem,
  BackendTime,
  FailedAnswer,
  JsonEndpoint,
  LogLineUpdate,
  MapMessage,
  MessageContext,
  PollEndpoint,
  RunAdapter,
  RunUpdate,
  SseEndpoint,
  UrlTemplate,
  WebSocketEndpoint,
} from './types.js';
export { bindAdapter, adapterTransportKinds, type BoundAdapter } from './bind.js';
export type { AdapterContext, AdapterReader } from './binding.js';
export type { RunReader } from '../contract/index.js';
export { registerAdapter, getAdapter, resolveAdapter } from './registry.js';
export { countedSteps, defineAdapter } from './helpers.js';
// What the signatures above name: the transport layer's types (a bound adapter's
// transports, its client's clock, `fetch` and token getter) and the contract's.
export type {
  Clock,
  CloseReason,
  Environment,
  EnvironmentEvent,
  FetchLike,
  MalformedMessage,
  OpenInfo,
  SubscriptionSet,
  TimerHandle,
  TokenGetter,
  Transport,
  TransportCallbacks,
  TransportFactory,
  TransportInit,
  WebSocketConstructor,
  WebSocketLike,
} from '../transports/index.js';
export { TransportKind, CloseKind } from '../transports/index.js';
export type * from '../contract/types.js';
export { RunStatus, StepState, LogLevel, LogStream, ResetReason } from '../contract/vocabulary.js';
