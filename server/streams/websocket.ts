/**
 * `GET /ws`: one WebSocket carrying subscriptions to many runs. Strict client messages
 * (anything else closes with 1008), token in the first message (never in the URL),
 * frames as in docs/contract.md, close codes from `src/contract/framing.ts`.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ClientMessageSchema, CloseCode, ProblemType, validate, type ClientMessage } from '../../src/contract/index.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { problem } from '../shared/problem.js';
import { errorField } from '../shared/log-fields.js';
import { CatchUpTurns } from './catch-up-turns.js';
import { principalKey, type Refusal, type StreamConnection } from './connections.js';
import { errorFrame, eventFrameBytes, frameSink, heartbeatFrame, readyFrame } from './frames.js';
import type { StreamServices } from './services.js';
import type { RunSubscription } from './subscription.js';

/** Largest client message; real ones are well under 1 KiB. */
const MAX_CLIENT_MESSAGE = 16 * 1024;
/** How long a closing peer gets to answer the close handshake on shutdown. */
const SHUTDOWN_GRACE_MS = 1000;

/** Accepts WebSocket upgrades and runs each connection. */
export class SocketEndpoint {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE, perMessageDeflate: false });

  constructor(
    private readonly services: StreamServices,
    private readonly auth: Authenticator,
  ) {}

  /**
   * Completes the upgrade of a request already matched to the endpoint's path. With
   * `rateLimited` (the reason), the socket is closed with 4429 at once: browsers cannot
   * read the status of a refused upgrade, but they can read a close code.
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, rateLimited?: string): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      if (rateLimited) ws.close(CloseCode.RateLimited, rateLimited);
      else new SocketSession(ws, this.services, this.auth, this.services.options.clientAddress(req)).start();
    });
  }

  /** Stops accepting; open sessions are closed through the connection registry. */
  close(): Promise<void> {
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }
}

class SocketSession implements StreamConnection {
  readonly transport = 'websocket';
  #principal: Principal | undefined;
  readonly #subs = new Map<string, RunSubscription>();
  #timers: NodeJS.Timeout[] = [];
  #closed = false;
  #unanswered = 0;
  readonly #roomWaiters: Array<() => void> = [];
  readonly #turns = new CatchUpTurns();

  constructor(
    private readonly ws: WebSocket,
    private readonly services: StreamServices,
    private readonly auth: Authenticator,
    private readonly address: string,
  ) {}

  start(): void {
    const { registry, options } = this.services;
    this.ws.on('close', () => this.#finish());
    this.ws.on('error', () => this.#finish());
    // Until it authenticates, a socket holds a slot of the small budget apart, never one
    // of the authenticated streams' (issue 13: 10 000 silent sockets starved other tenants).
    if (this.auth.required) {
      const refusal = registry.tryAddUnauthenticated(this, this.address);
      if (refusal) return this.#refuse(refusal);
    }
    this.ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    if (this.auth.required) {
      const deadline = setTimeout(() => {
        if (!this.#principal) this.#closeWith(CloseCode.Timeout, 'no auth message in time');
      }, options.limits.authTimeoutMs);
      deadline.unref();
      this.#timers.push(deadline);
    } else {
      this.#accept(this.auth.fromToken(''));
    }
  }

  bufferedBytes(): number {
    return this.#closed ? 0 : this.ws.bufferedAmount;
  }

  shutdown(): void {
    const ws = this.ws;
    this.#closeWith(CloseCode.GoingAway, 'server shutting down');
    // A peer that never answers the close handshake must not hold up the shutdown.
    setTimeout(() => ws.terminate(), SHUTDOWN_GRACE_MS).unref();
  }

  #accept(principal: Principal | 'missing' | 'invalid'): void {
    if (typeof principal === 'string') return this.#closeWith(CloseCode.Unauthorized, 'invalid token');
    const first = this.#principal === undefined;
    if (!first && principal.tenant !== this.#principal!.tenant) {
      return this.#closeWith(CloseCode.Forbidden, 'a token of another tenant');
    }
    if (first) {
      const refusal = this.services.registry.tryAdd(this, {
        principal: principalKey(principal),
        address: this.address,
      });
      if (refusal) return this.#refuse(refusal);
    }
    this.#principal = principal;
    if (!first) return;
    const { heartbeatMs, now } = this.services.options;
    this.#send(JSON.stringify(readyFrame(heartbeatMs)));
    this.ws.on('pong', () => (this.#unanswered = 0));
    const timer = setInterval(() => {
      // A peer that vanished without a FIN never errors the socket; protocol pings that go
      // unanswered for two intervals find it (browsers answer pings themselves). Two, not
      // one: a slow link may still be draining a catch-up queued ahead of the ping.
      if (this.#unanswered >= 2) return this.#drop();
      this.#unanswered++;
      this.ws.ping();
      this.#send(JSON.stringify(heartbeatFrame(now(), this.#subs.values())));
    }, heartbeatMs);
    timer.unref();
    this.#timers.push(timer);
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    this.#unanswered = 0;
    if (isBinary) return this.#closeWith(CloseCode.PolicyViolation, 'binary frames are not accepted');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(data));
    } catch {
      return this.#closeWith(CloseCode.PolicyViolation, 'message is not JSON');
    }
    const checked = validate(ClientMessageSchema, parsed);
    if (!checked.ok) {
      const issue = checked.issues[0];
      return this.#closeWith(
        CloseCode.PolicyViolation,
        `bad message at ${issue?.pointer || '/'}: ${issue?.message ?? ''}`,
      );
    }
    try {
      this.#handle(checked.value);
    } catch (error) {
      // Never let one connection's failure escape into the socket's event handler (and the process).
      this.services.options.logger.error(errorField(error), 'WebSocket message handling failed');
      const body = problem(503, ProblemType.Unavailable, 'The server could not handle the message; retry later.');
      this.#send(JSON.stringify(errorFrame(body)));
      this.#closeWith(CloseCode.TryAgainLater, 'internal error');
    }
  }

  #handle(message: ClientMessage): void {
    if (message.type === 'auth') return this.#accept(this.auth.fromToken(message.token));
    const principal = this.#principal;
    if (!principal) return this.#closeWith(CloseCode.Unauthorized, 'send auth first');
    if (message.type === 'unsubscribe') {
      this.#subs.get(message.run)?.stop();
      this.#subs.delete(message.run);
      return;
    }
    const { run, after } = message;
    this.#subs.get(run)?.stop();
    this.#subs.delete(run);
    if (this.#subs.size >= this.services.options.limits.maxSubscriptionsPerSocket) {
      const detail = `At most ${this.services.options.limits.maxSubscriptionsPerSocket} subscriptions per connection.`;
      return this.#send(JSON.stringify(errorFrame(problem(429, ProblemType.RateLimited, detail), run)));
    }
    let sub: RunSubscription | undefined = undefined;
    let over = false;
    const sink = frameSink(
      run,
      (json) => this.#send(json),
      () => this.#room(),
      () => {
        over = true;
        if (sub && this.#subs.get(run) === sub) this.#subs.delete(run);
      },
      (event) => this.#send(eventFrameBytes(run, event)),
    );
    sink.turns = this.#turns;
    sub = this.services.hub.follow(principal, run, after, sink, 'websocket');
    if (!over) this.#subs.set(run, sub);
  }

  // One callback for every send, rather than a new closure per frame.
  readonly #onSent = (): void => this.#wakeRoomWaiters();

  /** Sends a text frame (`data` is its UTF-8 payload when bytes). */
  #send(data: string | Buffer): void {
    if (this.#closed) return;
    this.ws.send(data, { binary: false }, this.#onSent);
    // A reader that stopped reading: cut it off; it resumes from its cursors.
    if (this.ws.bufferedAmount > this.services.options.limits.maxBufferedBytes) this.#drop();
  }

  /** Cuts the reader off (it resubscribes from its cursors). */
  drop(): void {
    this.#drop();
  }

  #drop(): void {
    if (this.#closed) return;
    this.services.registry.countDrop(this);
    this.ws.terminate();
    this.#finish();
  }

  #room(): Promise<void> | undefined {
    if (this.#closed || this.ws.bufferedAmount <= this.services.options.limits.maxBufferedBytes / 4) return undefined;
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  #wakeRoomWaiters(): void {
    if (this.#roomWaiters.length === 0) return;
    if (!this.#closed && this.ws.bufferedAmount > this.services.options.limits.maxBufferedBytes / 4) return;
    for (const resolve of this.#roomWaiters.splice(0)) resolve();
  }

  #refuse(refusal: Refusal): void {
    if (refusal === 'full') return this.#closeWith(CloseCode.TryAgainLater, 'too many connections');
    this.#closeWith(
      CloseCode.RateLimited,
      `too many connections for this ${refusal === 'principal' ? 'token' : 'address'}`,
    );
  }

  #closeWith(code: number, reason: string): void {
    // Close reasons are limited to 123 bytes.
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
    }
    this.#finish();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.services.registry.remove(this);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
    for (const sub of this.#subs.values()) sub.stop();
    this.#subs.clear();
    for (const resolve of this.#roomWaiters.splice(0)) resolve();
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
