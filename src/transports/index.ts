/**
 * The transport layer: WebSocket, SSE over `fetch` and polling behind one
 * {@link Transport} interface, one reconnect state machine ({@link Connection}) that
 * they share, the fallback ladder, the retry policy and liveness. Knows nothing of runs
 * beyond "frames with a cursor". Import only the transports you use; the others are
 * tree-shaken away.
 * @packageDocumentation
 */
export { TransportKind, ConnectionStatus, type ConnectionInfo } from './kinds.js';
export { systemClock, type Clock, type TimerHandle } from './clock.js';
export { globalEnvironment, type Environment, type EnvironmentEvent } from './environment.js';
export { backoff, exponentialBackoff, type BackoffOptions, type RetryContext, type RetryPolicy } from './backoff.js';
export { CloseKind, classifyClose, type CloseAction, type CloseReason } from './close-reason.js';
export { TransportError, type MalformedMessage } from './errors.js';
export { DEFAULT_LADDER, TransportLadder, mapLadderMemory, type LadderMemory } from './ladder.js';
export { silenceAllowance } from './liveness.js';
export { Connection, type ConnectionOptions, type RunSink, type TokenGetter } from './connection.js';
export type {
  FetchLike,
  OpenInfo,
  SubscriptionSet,
  Transport,
  TransportCallbacks,
  TransportFactory,
  TransportInit,
  WebSocketConstructor,
  WebSocketLike,
} from './transport.js';
export { webSocketTransport } from './websocket.js';
export { sseTransport, type SseOptions } from './sse.js';
export { pollingTransport, type PollingOptions } from './polling.js';
