/**
 * The reconnect state machine every transport shares, and the one connection per base
 * URL that carries many runs. It owns the ladder, the retry policy, liveness, auth and
 * the page's visibility; transports only move frames.
 * @module
 */
import type { Problem, ServerFrame } from '../contract/types.js';
import { exponentialBackoff, type RetryPolicy } from './backoff.js';
import { systemClock, Timer, type Clock } from './clock.js';
import { classifyClose, CloseKind, type CloseReason } from './close-reason.js';
import { globalEnvironment, type Environment, type EnvironmentEvent } from './environment.js';
import type { MalformedMessage } from './errors.js';
import { ConnectionStatus, type ConnectionInfo, type TransportKind } from './kinds.js';
import { mapLadderMemory, TransportLadder, type LadderMemory } from './ladder.js';
import { LivenessWatchdog } from './liveness.js';
import type {
  FetchLike,
  OpenInfo,
  SubscriptionSet,
  Transport,
  TransportFactory,
  WebSocketConstructor,
} from './transport.js';

/** Asks the page for a bearer token; `refresh` is true once after a 401. */
export type TokenGetter = (context: { refresh: boolean }) => Promise<string | undefined> | string | undefined;

/** Options of {@link Connection}. */
export interface ConnectionOptions {
  /** Base of the contract's endpoints, e.g. `https://host/api` or `/api`. */
  baseUrl: string;
  /** The transports to use, best first; this order is the fallback ladder. */
  transports: readonly TransportFactory[];
  getToken?: TokenGetter | undefined;
  credentials?: RequestCredentials | undefined;
  fetch?: FetchLike | undefined;
  WebSocket?: WebSocketConstructor | undefined;
  clock?: Clock | undefined;
  environment?: Environment | undefined;
  retryPolicy?: RetryPolicy | undefined;
  /** A connection open this long counts as stable: the attempt count resets (default 10 s). */
  stableAfterMs?: number | undefined;
  /** An attempt that has not opened after this long is abandoned (default 20 s). */
  openTimeoutMs?: number | undefined;
  /** On a lower rung, probe the better one after this long (default 60 s; 0 disables). */
  upgradeAfterMs?: number | undefined;
  /** What worked before on this page (default: this connection's own memory). */
  memory?: LadderMemory | undefined;
}

/** Receives the frames of one run. */
export interface RunSink {
  /** The seq to resume after: read at every (re)connect and poll. */
  after(): number;
  /** `event`, `reset`, `end`, `error` and `heartbeat` frames for the run, in order. */
  onFrames(frames: ServerFrame[]): void;
}

const MAX_UPGRADE_DELAY = 10 * 60_000;

/**
 * A connection carrying any number of run subscriptions over the best transport that
 * works. Connects when the first run is subscribed, disconnects when the last one is
 * released, reconnects with backoff, and stops on 403/404/410 or a second 401.
 */
export class Connection {
  #info: ConnectionInfo = { status: ConnectionStatus.Idle, attempt: 0 };
  #failures = 0;
  #problemBody: Problem | undefined;
  #closed = false;
  #refreshNext = false;
  #refreshedAfter401 = false;
  #openedAt: number | undefined;
  #stableSince: number;
  /** Identity of the attempt whose callbacks count; anything else is superseded. */
  #current: object | undefined;
  #active: Transport | undefined;
  #probe: { token: object; transport: Transport | undefined } | undefined;
  #upgradeDelay: number;

  readonly #sinks = new Map<string, Set<RunSink>>();
  readonly #listeners = new Set<(info: ConnectionInfo) => void>();
  readonly #malformedListeners = new Set<(error: MalformedMessage) => void>();
  readonly #clock: Clock;
  readonly #environment: Environment;
  readonly #policy: RetryPolicy;
  readonly #ladder: TransportLadder;
  readonly #memory: LadderMemory;
  readonly #retryTimer: Timer;
  readonly #upgradeTimer: Timer;
  readonly #openTimer: Timer;
  readonly #watchdog: LivenessWatchdog;
  #unlistenEnvironment: (() => void) | undefined;

  constructor(private readonly options: ConnectionOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#environment = options.environment ?? globalEnvironment();
    this.#policy = options.retryPolicy ?? exponentialBackoff();
    this.#memory = options.memory ?? mapLadderMemory();
    this.#ladder = new TransportLadder(
      options.transports.map((t) => t.kind),
      this.#memory.get(options.baseUrl),
    );
    this.#retryTimer = new Timer(this.#clock);
    this.#upgradeTimer = new Timer(this.#clock);
    this.#openTimer = new Timer(this.#clock);
    this.#watchdog = new LivenessWatchdog(this.#clock, () => this.#onSilence());
    this.#stableSince = this.#clock.now();
    this.#upgradeDelay = options.upgradeAfterMs ?? 60_000;
  }

  /** The current connection state (a fresh object after each change). */
  getInfo(): ConnectionInfo {
    return this.#info;
  }

  /** Why the connection stopped, when the server sent a problem body. */
  get problem(): Problem | undefined {
    return this.#problemBody;
  }

  /** Calls `listener` on each state change; returns the unsubscribe function. */
  onInfo(listener: (info: ConnectionInfo) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` for each malformed message skipped; returns the unsubscribe function. */
  onMalformed(listener: (error: MalformedMessage) => void): () => void {
    this.#malformedListeners.add(listener);
    return () => this.#malformedListeners.delete(listener);
  }

  /** The runs carried now, each with its resume cursor (the lowest of its sinks'). */
  subscriptions(): SubscriptionSet {
    const out = new Map<string, number>();
    for (const [run, sinks] of this.#sinks) {
      let after = Infinity;
      for (const sink of sinks) after = Math.min(after, sink.after());
      out.set(run, after === Infinity ? 0 : after);
    }
    return out;
  }

  /**
   * Carries `run` to `sink` until the returned function is called. The first
   * subscription connects; releasing the last one disconnects.
   */
  subscribe(run: string, sink: RunSink): () => void {
    if (this.#closed) return () => {};
    let set = this.#sinks.get(run);
    const isNew = !set;
    if (!set) this.#sinks.set(run, (set = new Set()));
    set.add(sink);
    if (this.#current === undefined && !this.#retryTimer.armed && this.#isRestartable()) this.#connect();
    else if (isNew) this.#updateTransports();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release(run, sink);
    };
  }

  /** Stops for good: closes the transport, cancels timers; later subscriptions do nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#teardown();
    this.#sinks.clear();
    this.#setInfo({ status: ConnectionStatus.Stopped, reason: 'closed', attempt: 0 });
  }

  #isRestartable(): boolean {
    const s = this.#info.status;
    return !this.#closed && s !== ConnectionStatus.Unauthorized && s !== ConnectionStatus.Stopped;
  }

  #release(run: string, sink: RunSink): void {
    const set = this.#sinks.get(run);
    if (!set?.delete(sink) || set.size > 0) return;
    this.#sinks.delete(run);
    if (this.#sinks.size > 0) {
      this.#updateTransports();
      return;
    }
    this.#teardown();
    this.#failures = 0;
    this.#refreshedAfter401 = false;
    if (this.#isRestartable()) this.#setInfo({ status: ConnectionStatus.Idle, attempt: 0 });
  }

  #teardown(): void {
    this.#current = undefined;
    this.#active?.close();
    this.#active = undefined;
    this.#closeProbe();
    this.#retryTimer.cancel();
    this.#upgradeTimer.cancel();
    this.#openTimer.cancel();
    this.#watchdog.stop();
    this.#unlistenEnvironment?.();
    this.#unlistenEnvironment = undefined;
  }

  #updateTransports(): void {
    this.#active?.update();
    this.#probe?.transport?.update();
  }

  #listen(): void {
    this.#unlistenEnvironment ??= this.#environment.subscribe((event) => this.#onEnvironment(event));
  }

  #connect(): void {
    this.#retryTimer.cancel();
    this.#listen();
    if (!this.#environment.online()) {
      this.#setInfo({
        status: ConnectionStatus.Offline,
        transport: this.#ladder.current,
        reason: 'offline',
        attempt: this.#failures,
      });
      return;
    }
    const token = {};
    this.#current = token;
    const kind = this.#ladder.current;
    const everOpened = this.#openedAt !== undefined || this.#failures > 0;
    this.#setInfo({
      status: everOpened ? ConnectionStatus.Reconnecting : ConnectionStatus.Connecting,
      transport: kind,
      reason: this.#info.reason,
      attempt: this.#failures,
    });
    const refresh = this.#refreshNext;
    this.#refreshNext = false;
    // A socket can hang before it opens (a proxy that accepts and says nothing).
    this.#openTimer.arm(this.options.openTimeoutMs ?? 20_000, () => {
      if (this.#current !== token || this.#info.status === ConnectionStatus.Live) return;
      this.#active?.close();
      this.#onClosed(token, { kind: CloseKind.Timeout, message: `${kind} did not open in time` });
    });
    void this.#start(token, kind, refresh, false);
  }

  /** Gets a token and starts one attempt of `kind`; for a probe, `isProbe`. */
  async #start(token: object, kind: TransportKind, refresh: boolean, isProbe: boolean): Promise<void> {
    let bearer: string | undefined;
    try {
      bearer = await this.options.getToken?.({ refresh });
    } catch (error) {
      const reason: CloseReason = { kind: CloseKind.Network, message: `getToken failed: ${String(error)}` };
      if (isProbe) this.#onProbeClosed(token);
      else if (this.#current === token) this.#onClosed(token, reason);
      return;
    }
    const live = () => (isProbe ? this.#probe?.token === token : this.#current === token);
    if (!live()) return;
    const factory = this.options.transports.find((t) => t.kind === kind);
    if (!factory) throw new Error(`no transport factory for ${kind}`);
    const transport = factory.create({
      baseUrl: this.options.baseUrl,
      token: bearer,
      credentials: this.options.credentials,
      fetch: this.options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      WebSocket: this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
      clock: this.#clock,
      environment: this.#environment,
      callbacks: {
        onOpen: (info) => {
          if (!live()) return;
          if (isProbe) this.#promoteProbe(token, kind, info);
          else this.#onOpened(token, kind, info);
        },
        onFrames: (frames) => {
          if (this.#current === token) this.#route(token, frames);
        },
        onMalformed: (error) => {
          if (live()) for (const l of this.#malformedListeners) l(error);
        },
        onClose: (reason) => {
          if (isProbe) this.#onProbeClosed(token);
          else this.#onClosed(token, reason);
        },
      },
    });
    if (isProbe) {
      if (this.#probe?.token === token) this.#probe.transport = transport;
    } else {
      this.#active = transport;
    }
    transport.open(() => this.subscriptions());
  }

  #onOpened(token: object, kind: TransportKind, info: OpenInfo): void {
    if (this.#current !== token) return;
    this.#openTimer.cancel();
    this.#ladder.markOpened(kind);
    this.#memory.set(this.options.baseUrl, kind);
    this.#openedAt = this.#clock.now();
    this.#refreshedAfter401 = false;
    this.#problemBody = undefined;
    if (info.heartbeatMs) this.#watchdog.start(info.heartbeatMs);
    else this.#watchdog.stop();
    this.#setInfo({ status: ConnectionStatus.Live, transport: kind, attempt: 0 });
    this.#scheduleUpgrade();
  }

  #route(token: object, frames: ServerFrame[]): void {
    this.#watchdog.heard();
    const byRun = new Map<string, ServerFrame[]>();
    for (const frame of frames) {
      if (frame.type === 'error' && frame.run === undefined) {
        // The connection itself failed (e.g. auth revoked): end it with the problem's status.
        this.#active?.close();
        this.#onClosed(token, {
          kind: CloseKind.Status,
          status: frame.problem.status,
          problem: frame.problem,
          message: `connection error: ${frame.problem.detail ?? frame.problem.title}`,
        });
        return;
      }
      if (frame.type === 'ready') continue;
      const runs = frame.type === 'heartbeat' ? Object.keys(frame.runs ?? {}) : [frame.run as string];
      for (const run of runs) {
        if (!this.#sinks.has(run)) continue;
        let list = byRun.get(run);
        if (!list) byRun.set(run, (list = []));
        list.push(frame);
      }
    }
    for (const [run, list] of byRun) {
      for (const sink of [...(this.#sinks.get(run) ?? [])]) {
        sink.onFrames(list);
        if (this.#current !== token) return;
      }
    }
  }

  #onSilence(): void {
    const token = this.#current;
    if (!token) return;
    this.#active?.close();
    this.#onClosed(token, { kind: CloseKind.Timeout, message: 'no heartbeat: connection presumed dead' });
  }

  #onClosed(token: object, reason: CloseReason): void {
    if (this.#current !== token || this.#closed) return;
    const wasOpen = this.#info.status === ConnectionStatus.Live;
    this.#current = undefined;
    this.#active = undefined;
    this.#watchdog.stop();
    this.#upgradeTimer.cancel();
    this.#openTimer.cancel();
    this.#closeProbe();
    if (this.#sinks.size === 0) return;
    const now = this.#clock.now();
    if (wasOpen && this.#openedAt !== undefined && now - this.#openedAt >= (this.options.stableAfterMs ?? 10_000)) {
      this.#failures = 0;
      this.#stableSince = now;
    }
    const action = classifyClose(reason);
    const transport = this.#ladder.current;
    if (action !== 'refresh-token' && !wasOpen && !this.#ladder.hasOpened(transport) && this.#ladder.markFailed()) {
      // A transport that never opened here is probably blocked or not served (a proxy that
      // refuses upgrades, a backend without `/stream`): the next rung, at once.
      this.#setInfo({ ...this.#info, reason: `${transport} failed: ${reason.message}` });
      return this.#connect();
    }
    if (action === 'stop') return this.#stop(ConnectionStatus.Stopped, reason);
    if (action === 'refresh-token') {
      if (this.#refreshedAfter401) return this.#stop(ConnectionStatus.Unauthorized, reason);
      this.#refreshedAfter401 = true;
      this.#refreshNext = true;
      this.#setInfo({ ...this.#info, reason: reason.message });
      return this.#connect();
    }
    this.#failures += 1;
    const delay = this.#policy.nextRetryDelay({
      attempt: this.#failures,
      elapsedMs: now - this.#stableSince,
      reason,
      random: this.#clock.random(),
    });
    if (delay === null) return this.#stop(ConnectionStatus.Stopped, reason);
    const nextRetryAt = now + delay;
    this.#setInfo({
      status: ConnectionStatus.Reconnecting,
      transport,
      reason: reason.message,
      attempt: this.#failures,
      nextRetryAt,
    });
    if (!this.#environment.online()) {
      this.#setInfo({ ...this.#info, status: ConnectionStatus.Offline, nextRetryAt: undefined });
      return;
    }
    this.#retryTimer.arm(delay, () => this.#connect());
  }

  #stop(status: ConnectionStatus, reason: CloseReason): void {
    this.#teardown();
    this.#problemBody = reason.problem;
    this.#setInfo({ status, transport: this.#ladder.current, reason: reason.message, attempt: this.#failures });
  }

  #onEnvironment(event: EnvironmentEvent): void {
    if (this.#closed) return;
    const status = this.#info.status;
    if (event === 'offline') {
      if (status === ConnectionStatus.Reconnecting && this.#current === undefined) {
        this.#retryTimer.cancel();
        this.#setInfo({ ...this.#info, status: ConnectionStatus.Offline, nextRetryAt: undefined });
      }
      this.#watchdog.check();
      return;
    }
    if (event === 'online' && status === ConnectionStatus.Offline) return this.#connect();
    this.#watchdog.check();
    // The retry timer may have been throttled in the background: honour the wall clock.
    const due = this.#info.nextRetryAt;
    if (
      status === ConnectionStatus.Reconnecting &&
      this.#current === undefined &&
      due !== undefined &&
      this.#clock.now() >= due
    ) {
      this.#connect();
    }
  }

  #scheduleUpgrade(): void {
    const kind = this.#ladder.upgradeCandidate();
    if (!kind || this.#upgradeDelay <= 0) return;
    this.#upgradeTimer.arm(this.#upgradeDelay, () => {
      if (this.#current === undefined || this.#probe) return;
      const token = {};
      this.#probe = { token, transport: undefined };
      void this.#start(token, kind, false, true);
    });
  }

  #promoteProbe(token: object, kind: TransportKind, info: OpenInfo): void {
    const probe = this.#probe;
    if (!probe || probe.token !== token || !probe.transport) return;
    this.#probe = undefined;
    this.#active?.close();
    this.#active = probe.transport;
    this.#current = token;
    this.#upgradeDelay = this.options.upgradeAfterMs ?? 60_000;
    this.#onOpened(token, kind, info);
  }

  #onProbeClosed(token: object): void {
    if (this.#probe?.token !== token) return;
    this.#probe = undefined;
    // Try less often each time the better transport is still refused.
    this.#upgradeDelay = Math.min(this.#upgradeDelay * 2, MAX_UPGRADE_DELAY);
    if (this.#current !== undefined) this.#scheduleUpgrade();
  }

  #closeProbe(): void {
    const probe = this.#probe;
    this.#probe = undefined;
    probe?.transport?.close();
  }

  #setInfo(info: ConnectionInfo): void {
    if (this.#closed && info.status !== ConnectionStatus.Stopped) return;
    this.#info = info;
    for (const listener of [...this.#listeners]) listener(info);
  }
}
