/**
 * The one interface every transport implements. A transport is one connection attempt:
 * the reconnect machine creates a fresh one for each attempt, so a transport never
 * reconnects by itself and a superseded one can simply be ignored.
 * @module
 */
import type { ServerFrame } from '../contract/types.js';
import type { Clock } from './clock.js';
import type { CloseReason } from './close-reason.js';
import type { Environment } from './environment.js';
import type { MalformedMessage } from './errors.js';
import type { TransportKind } from './kinds.js';

/** The runs a connection carries, each with the seq to resume after: `run → after`. */
export type SubscriptionSet = ReadonlyMap<string, number>;

/** What a transport reports when it has opened. */
export interface OpenInfo {
  /** The server's heartbeat interval; without it (polling) liveness is the transport's job. */
  heartbeatMs?: number | undefined;
}

/** How a transport reports to the machine that created it. */
export interface TransportCallbacks {
  /** The connection is open and authorised (for streams: the `ready` frame arrived). */
  onOpen(info: OpenInfo): void;
  /**
   * Frames that arrived together (one network chunk, one poll), in order. An empty array
   * says "alive, nothing new".
   */
  onFrames(frames: ServerFrame[]): void;
  /** A message that is not a valid frame; it was skipped. */
  onMalformed(error: MalformedMessage): void;
  /** The connection ended (called at most once, never after `close()`). */
  onClose(reason: CloseReason): void;
}

/** The `fetch` a transport uses (the platform's, or one injected by tests or the page). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The parts of the WebSocket API the WebSocket transport uses. */
export interface WebSocketLike {
  /** `WebSocket.OPEN` (1) once open. */
  readonly readyState: number;
  /** Sends one text frame. */
  send(data: string): void;
  /** Closes the socket with a close code and reason. */
  close(code?: number, reason?: string): void;
  /** Called once the socket is open. */
  onopen: ((event: unknown) => void) | null;
  /** Called for each message; `data` is the frame's text. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Called once the socket has closed, with the close code and reason. */
  onclose: ((event: { code: number; reason: string }) => void) | null;
  /** Called on an error (a `close` follows). */
  onerror: ((event: unknown) => void) | null;
}

/** A WebSocket constructor: the browser's, `ws`'s or undici's. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Everything a transport needs for one attempt. */
export interface TransportInit {
  /** Absolute or page-relative base of the contract's endpoints, e.g. `https://x/api`. */
  baseUrl: string;
  /** The bearer token for this attempt, if the page has one. */
  token: string | undefined;
  /** `fetch`'s `credentials` (send cookies cross-origin with `'include'`). */
  credentials?: RequestCredentials | undefined;
  /** The `fetch` to make requests with. */
  fetch: FetchLike;
  /** The WebSocket constructor; `undefined` where the platform has none and none was given. */
  WebSocket: WebSocketConstructor | undefined;
  /** The clock for timers and deadlines. */
  clock: Clock;
  /** The page's visibility and connectivity. */
  environment: Environment;
  /** Where the transport reports its opening, frames and close. */
  callbacks: TransportCallbacks;
}

/** One connection attempt over one transport. */
export interface Transport {
  /** Which transport this is. */
  readonly kind: TransportKind;
  /** Connects and subscribes to `subscriptions()` (read again on each {@link Transport.update}). */
  open(subscriptions: () => SubscriptionSet): void;
  /** The set of runs changed: subscribe to new ones, drop removed ones. */
  update(): void;
  /** Ends the attempt; no callback follows. */
  close(): void;
}

/** Makes transports of one kind; the client takes a list of these (so unused ones tree-shake away). */
export interface TransportFactory {
  /** The kind of transport it makes (its rung on the fallback ladder). */
  readonly kind: TransportKind;
  /** Makes the transport for one attempt; it opens when the machine calls `open`. */
  create(init: TransportInit): Transport;
}
