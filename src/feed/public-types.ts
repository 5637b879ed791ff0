/**
 * Every type a page can meet when it follows runs, and nothing else: the feed's, the
 * client's options, the transport layer's (for a custom transport, clock or retry
 * policy), the adapter API's and the contract's. The entries whose public signatures
 * reach the feed (`run-progress-kit`, `/feed`, `/run-progress`, `/run-log-tail`,
 * `/react`) re-export this module with `export type *`, so each entry names every type
 * its signatures use. Types only: the vocabularies that are a `const` object and a type
 * of one name (`RunStatus`, `TransportKind`, …) are not here, so that each entry exports
 * them whole, as values, and an entry that forgets one fails the API report.
 * @module
 */
export type { ConnectionInfo, FeedMessageError, LogWindow, RunFeed, RunFeedChange, RunFeedState } from './types.js';
export type { ClientConnection, RunClient, RunClientOptions } from './run-client.js';
export type { WatchRunOptions } from './watch-run.js';
export type {
  Clock,
  CloseReason,
  Environment,
  EnvironmentEvent,
  FetchLike,
  LadderMemory,
  MalformedMessage,
  OpenInfo,
  RetryContext,
  RetryPolicy,
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
} from '../adapters/types.js';
export type * from '../contract/types.js';
