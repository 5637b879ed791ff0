/**
 * The WebSocket transport: one socket multiplexes every run of the page
 * (`subscribe`/`unsubscribe` messages). The token goes in the first message, never in
 * the URL, where proxies and browser history would keep it.
 * @module
 */
import { contractPaths } from '../contract/paths.js';
import type { ClientMessage } from '../contract/types.js';
import { CloseKind, statusOfCloseCode, type CloseReason } from './close-reason.js';
import { parseFrame } from './frames.js';
import { joinUrl } from './http.js';
import { TransportKind } from './kinds.js';
import type { ServerFrame } from '../contract/types.js';
import type { SubscriptionSet, Transport, TransportFactory, TransportInit, WebSocketLike } from './transport.js';

const OPEN = 1;
// Pure: a page that does not use this module must not keep the call (tree shaking).
const paths = /* @__PURE__ */ contractPaths('');

/** The `ws:`/`wss:` URL of the socket endpoint under `baseUrl` (resolved against the page when relative). */
export function socketUrl(baseUrl: string): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  const url = new URL(joinUrl(baseUrl, paths.socket()), page);
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  return url.href;
}

class WebSocketTransport implements Transport {
  readonly kind = TransportKind.WebSocket;
  #socket: WebSocketLike | undefined;
  #subscriptions: () => SubscriptionSet = () => new Map();
  #subscribed = new Set<string>();
  #ready = false;
  #done = false;

  constructor(private readonly init: TransportInit) {}

  open(subscriptions: () => SubscriptionSet): void {
    this.#subscriptions = subscriptions;
    const Ctor = this.init.WebSocket;
    if (!Ctor) {
      // Queue the report: callbacks never run inside open().
      return void Promise.resolve().then(() =>
        this.#finish({ kind: CloseKind.Network, message: 'no WebSocket in this environment' }),
      );
    }
    let socket: WebSocketLike;
    try {
      socket = new Ctor(socketUrl(this.init.baseUrl));
    } catch (error) {
      return void Promise.resolve().then(() =>
        this.#finish({ kind: CloseKind.Network, message: `WebSocket: ${String(error)}` }),
      );
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#done) return;
      if (this.init.token !== undefined) this.#send({ type: 'auth', token: this.init.token });
    };
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onerror = () => {};
    socket.onclose = (event) => this.#finish(this.#reasonOf(event.code, event.reason));
  }

  update(): void {
    if (!this.#ready || this.#done) return;
    const wanted = this.#subscriptions();
    for (const run of this.#subscribed) {
      if (!wanted.has(run)) this.#send({ type: 'unsubscribe', run });
    }
    for (const [run, after] of wanted) {
      if (!this.#subscribed.has(run)) this.#send({ type: 'subscribe', run, after });
    }
    this.#subscribed = new Set(wanted.keys());
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    const socket = this.#socket;
    if (!socket) return;
    socket.onmessage = socket.onclose = socket.onopen = null;
    try {
      socket.close(1000, 'client closed');
    } catch {
      // Closing a socket that is still connecting throws in some implementations.
    }
  }

  #receive(data: unknown): void {
    if (this.#done) return;
    if (typeof data !== 'string') {
      return this.init.callbacks.onMalformed({ message: 'binary message', shape: typeof data });
    }
    const parsed = parseFrame(data);
    if (!parsed.ok) return this.init.callbacks.onMalformed(parsed.error);
    const frame: ServerFrame = parsed.frame;
    if (frame.type === 'ready') {
      if (this.#ready) return;
      this.#ready = true;
      this.init.callbacks.onOpen({ heartbeatMs: frame.heartbeatMs });
      this.update();
      return;
    }
    if (this.#ready) this.init.callbacks.onFrames([frame]);
  }

  #send(message: ClientMessage): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(message));
  }

  #reasonOf(code: number, text: string): CloseReason {
    const status = statusOfCloseCode(code);
    const message = `WebSocket closed ${code}${text ? `: ${text}` : ''}`;
    if (status !== undefined) return { kind: CloseKind.Status, status, message };
    if (code === 1000 && this.#ready) return { kind: CloseKind.Ended, message };
    return { kind: CloseKind.Network, message };
  }

  #finish(reason: CloseReason): void {
    if (this.#done) return;
    this.close();
    this.init.callbacks.onClose(reason);
  }
}

/** The WebSocket transport, for the client's transport list. */
export function webSocketTransport(): TransportFactory {
  return { kind: TransportKind.WebSocket, create: (init) => new WebSocketTransport(init) };
}
