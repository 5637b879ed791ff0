/**
 * The reconnect state machine every transport shares, and the one connection per base
 * URL that carries many runs. It owns the ladder, the retry policy, liveness, auth and
 * the page's visibility; transports only move frames.
 *
 * The state is a handful of closure variables rather than an object graph: one attempt
 * token (`current`), one background probe, and one wall-clock deadline with one timer
 * that means, by state, "the attempt must have opened by now", "the server must have
 * spoken by now" (heartbeat + grace) or "retry now". Page events re-check that deadline,
 * because a background tab's timers may fire minutes late. States and close kinds are
 * written as their string values, not through the `ConnectionStatus`/`CloseKind` objects,
 * which would otherwise ship in every bundle.
 * @module
 */
import type { Problem, ServerFrame } from '../contract/types.js';
import { exponentialBackoff, type RetryPolicy } from './backoff.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { classifyClose, type CloseReason } from './close-reason.js';
import { globalEnvironment, type Environment } from './environment.js';
import type { MalformedMessage } from './errors.js';
import type { ConnectionInfo, ConnectionStatus, TransportKind } from './kinds.js';
import { mapLadderMemory, TransportLadder, type LadderMemory } from './ladder.js';
import { silenceAllowance } from './liveness.js';
import type { FetchLike, SubscriptionSet, Transport, TransportFactory, WebSocketConstructor } from './transport.js';

/**
 * Asks the page for a bearer token; `refresh` is true once after a 401. When it throws or
 * rejects, the attempt ends with a `token` close (`CloseKind.Token`): the retry policy decides
 * whether and when to ask again (the default backs off and retries without end).
 */
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

/** One attempt, or a background probe of a better rung; superseded once it is not `current`/`probe`. */
interface Attempt {
  kind: TransportKind;
  transport?: Transport;
}

const MAX_UPGRADE_DELAY = 10 * 60_000;

/**
 * A connection carrying any number of run subscriptions over the best transport that
 * works. Connects when the first run is subscribed, disconnects when the last one is
 * released, reconnects with backoff, and stops on 403/404/410 or a second 401.
 */
export class Connection {
  /** The current connection state (a fresh object after each change). */
  declare readonly getInfo: () => ConnectionInfo;
  /** Why the connection stopped, when the server sent a problem body. */
  declare readonly problem: Problem | undefined;
  /** Calls `listener` on each state change; returns the unsubscribe function. */
  declare readonly onInfo: (listener: (info: ConnectionInfo) => void) => () => void;
  /** Calls `listener` for each malformed message skipped; returns the unsubscribe function. */
  declare readonly onMalformed: (listener: (error: MalformedMessage) => void) => () => void;
  /** The runs carried now, each with its resume cursor (the lowest of its sinks'). */
  declare readonly subscriptions: () => SubscriptionSet;
  /**
   * Carries `run` to `sink` until the returned function is called. The first
   * subscription connects; releasing the last one disconnects.
   */
  declare readonly subscribe: (run: string, sink: RunSink) => () => void;
  /** Stops for good: closes the transport, cancels timers; later subscriptions do nothing. */
  declare readonly close: () => void;

  constructor(options: ConnectionOptions) {
    const clock = options.clock ?? systemClock;
    const environment = options.environment ?? globalEnvironment();
    const policy = options.retryPolicy ?? exponentialBackoff();
    const memory = options.memory ?? mapLadderMemory();
    const { baseUrl, transports } = options;
    const ladder = new TransportLadder(
      transports.map((t) => t.kind),
      memory.get(baseUrl),
    );
    const sinks = new Map<string, Set<RunSink>>();
    const listeners = new Set<(info: ConnectionInfo) => void>();
    const malformedListeners = new Set<(error: MalformedMessage) => void>();
    const upgradeAfter = options.upgradeAfterMs ?? 60_000;
    let info: ConnectionInfo = { status: 'idle', attempt: 0 };
    // A plain property, readonly to callers only: cheaper to ship than a getter.
    const self = this as { problem: Problem | undefined };
    let failures = 0;
    let closed = false;
    let refreshNext = false;
    let refreshedAfter401 = false;
    let openedAt: number | undefined;
    let stableSince = clock.now();
    let current: Attempt | undefined;
    let probe: Attempt | undefined;
    let upgradeDelay = upgradeAfter;
    let upgradeTimer: TimerHandle;
    // The one deadline (open, silence or retry, by state), the span it was set for, and its timer.
    let deadline: number | undefined;
    let span = 0;
    let deadlineTimer: TimerHandle;
    let silence = 0;
    let unlisten: (() => void) | undefined;

    const setInfo = (next: ConnectionInfo): void => {
      if (closed && next.status !== 'stopped') return;
      info = next;
      for (const listener of [...listeners]) listener(next);
    };
    const restartable = () => !closed && info.status !== 'unauthorized' && info.status !== 'stopped';
    // A run's set of sinks is never empty: it is dropped with its last sink.
    const subscriptions = (): SubscriptionSet =>
      new Map(Array.from(sinks, ([run, set]) => [run, Math.min(...Array.from(set, (sink) => sink.after()))]));
    const listen =
      <T>(set: Set<T>) =>
      (listener: T) => {
        set.add(listener);
        return () => set.delete(listener);
      };
    const updateTransports = () => {
      current?.transport?.update();
      probe?.transport?.update();
    };

    const arm = (ms: number) => {
      clock.clearTimeout(deadlineTimer);
      deadlineTimer = clock.setTimeout(() => check(true), Math.max(0, ms));
    };
    /** Sets the deadline `ms` from now (with `undefined`, clears it) and its timer. */
    const setDeadline = (ms: number | undefined) => {
      deadline = ms === undefined ? undefined : clock.now() + ms;
      span = ms ?? 0;
      if (ms === undefined) clock.clearTimeout(deadlineTimer);
      else arm(ms);
    };
    /**
     * Compares the deadline with the wall clock and acts on it when it has passed: on a
     * page event (a throttled timer may not have fired yet) or when the timer fires. A
     * deadline still ahead when the timer fires was pushed out (heard from the server) and
     * is waited for; but never longer than its span: a wall clock set back (an NTP
     * correction, a user changing the time) must not stretch a 2 s retry by the jump.
     */
    const check = (fired?: boolean): void => {
      if (deadline === undefined) return;
      const left = deadline - clock.now();
      if (left > 0 && !(fired && left > span)) {
        // Still ahead: its timer is pending, unless this was the timer (re-armed for the rest).
        if (fired) arm(left);
        return;
      }
      deadline = undefined;
      const attempt = current;
      if (!attempt) return connect();
      attempt.transport?.close();
      closedBy(attempt, {
        kind: 'timeout',
        message: info.status === 'live' ? 'no heartbeat' : `${attempt.kind} did not open in time`,
      });
    };
    const closeProbe = () => {
      probe?.transport?.close();
      probe = undefined;
    };
    /** Ends the attempt and everything it runs; the retry, if any, is armed after. */
    const drop = () => {
      current?.transport?.close();
      current = undefined;
      closeProbe();
      setDeadline(undefined);
      silence = 0;
      clock.clearTimeout(upgradeTimer);
    };
    const teardown = () => {
      drop();
      unlisten?.();
      unlisten = undefined;
    };

    const connect = (): void => {
      setDeadline(undefined);
      unlisten ??= environment.subscribe((event) => {
        if (closed) return;
        if (event === 'offline' && info.status === 'reconnecting' && !current) {
          setDeadline(undefined);
          return setInfo({ ...info, status: 'offline', nextRetryAt: undefined });
        }
        if (event === 'online' && info.status === 'offline') return connect();
        check();
      });
      const kind = ladder.current;
      if (!environment.online())
        return setInfo({ status: 'offline', transport: kind, reason: 'offline', attempt: failures });
      const attempt: Attempt = { kind };
      current = attempt;
      setInfo({
        status: openedAt !== undefined || failures > 0 ? 'reconnecting' : 'connecting',
        transport: kind,
        reason: info.reason,
        attempt: failures,
      });
      const refresh = refreshNext;
      refreshNext = false;
      // A socket can hang before it opens (a proxy that accepts and says nothing).
      setDeadline(options.openTimeoutMs ?? 20_000);
      void start(attempt, refresh);
    };

    /** Gets a token and starts `attempt` (the current one, or the probe). */
    const start = async (attempt: Attempt, refresh: boolean): Promise<void> => {
      const live = () => attempt === current || attempt === probe;
      let token: string | undefined;
      try {
        token = await options.getToken?.({ refresh });
      } catch (error) {
        return closedBy(attempt, { kind: 'token', message: `getToken failed: ${String(error)}` });
      }
      if (!live()) return;
      const factory = transports.find((t) => t.kind === attempt.kind) as TransportFactory;
      const transport = factory.create({
        ...options,
        token,
        fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        WebSocket: options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
        clock,
        environment,
        callbacks: {
          onOpen: ({ heartbeatMs }) => live() && opened(attempt, heartbeatMs),
          onFrames: (frames) => attempt === current && route(attempt, frames),
          onMalformed: (error) => {
            if (live()) for (const l of malformedListeners) l(error);
          },
          onClose: (reason) => closedBy(attempt, reason),
        },
      });
      attempt.transport = transport;
      transport.open(subscriptions);
    };

    const opened = (attempt: Attempt, heartbeatMs: number | undefined): void => {
      if (attempt === probe) {
        // The better transport opened in the background: switch to it.
        probe = undefined;
        current?.transport?.close();
        current = attempt;
        upgradeDelay = upgradeAfter;
      }
      ladder.markOpened(attempt.kind);
      memory.set(baseUrl, attempt.kind);
      openedAt = clock.now();
      refreshedAfter401 = false;
      self.problem = undefined;
      silence = heartbeatMs ? silenceAllowance(heartbeatMs) : 0;
      setDeadline(silence || undefined);
      setInfo({ status: 'live', transport: attempt.kind, attempt: 0 });
      scheduleUpgrade();
    };

    const route = (attempt: Attempt, frames: ServerFrame[]): void => {
      // Heard: push the silence deadline out (its timer re-checks lazily, not per message).
      if (silence) deadline = clock.now() + silence;
      const byRun = new Map<string, ServerFrame[]>();
      for (const frame of frames) {
        if (frame.type === 'error' && frame.run === undefined) {
          // The connection itself failed (e.g. auth revoked): end it with the problem's status.
          const { problem } = frame;
          attempt.transport?.close();
          return closedBy(attempt, {
            kind: 'status',
            status: problem.status,
            problem,
            message: `connection error: ${problem.detail ?? problem.title}`,
          });
        }
        if (frame.type === 'ready') continue;
        for (const run of frame.type === 'heartbeat' ? Object.keys(frame.runs ?? {}) : [frame.run as string]) {
          if (!sinks.has(run)) continue;
          let list = byRun.get(run);
          if (!list) byRun.set(run, (list = []));
          list.push(frame);
        }
      }
      for (const [run, list] of byRun) {
        for (const sink of [...(sinks.get(run) ?? [])]) {
          sink.onFrames(list);
          if (attempt !== current) return;
        }
      }
    };

    const closedBy = (attempt: Attempt, reason: CloseReason): void => {
      if (attempt === probe) {
        probe = undefined;
        // Try less often each time the better transport is still refused.
        upgradeDelay = Math.min(upgradeDelay * 2, MAX_UPGRADE_DELAY);
        if (current) scheduleUpgrade();
        return;
      }
      if (attempt !== current || closed) return;
      const wasOpen = info.status === 'live';
      current = undefined;
      drop();
      if (sinks.size === 0) return;
      const now = clock.now();
      if (wasOpen && openedAt !== undefined && now - openedAt >= (options.stableAfterMs ?? 10_000)) {
        failures = 0;
        stableSince = now;
      }
      const action = classifyClose(reason);
      const kind = ladder.current;
      const stop = (status: ConnectionStatus) => {
        teardown();
        self.problem = reason.problem;
        setInfo({ status, transport: kind, reason: reason.message, attempt: failures });
      };
      if (action !== 'refresh-token' && reason.kind !== 'token' && !wasOpen && ladder.markFailed()) {
        // A transport that never opened here is probably blocked or not served (a proxy that
        // refuses upgrades, a backend without `/stream`): the next rung, at once. Not when the
        // page's token getter failed: the transport was never tried.
        setInfo({ ...info, reason: `${kind} failed: ${reason.message}` });
        return connect();
      }
      if (action === 'stop') return stop('stopped');
      if (action === 'refresh-token') {
        if (refreshedAfter401) return stop('unauthorized');
        refreshedAfter401 = refreshNext = true;
        setInfo({ ...info, reason: reason.message });
        return connect();
      }
      failures += 1;
      const delay = policy.nextRetryDelay({
        attempt: failures,
        elapsedMs: now - stableSince,
        reason,
        random: clock.random(),
      });
      if (delay === null) return stop('stopped');
      setInfo({
        status: 'reconnecting',
        transport: kind,
        reason: reason.message,
        attempt: failures,
        nextRetryAt: now + delay,
      });
      if (!environment.online()) return setInfo({ ...info, status: 'offline', nextRetryAt: undefined });
      setDeadline(delay);
    };

    const scheduleUpgrade = () => {
      const kind = ladder.upgradeCandidate();
      if (!kind || upgradeDelay <= 0) return;
      clock.clearTimeout(upgradeTimer);
      upgradeTimer = clock.setTimeout(() => {
        if (!current || probe) return;
        probe = { kind };
        void start(probe, false);
      }, upgradeDelay);
    };

    Object.assign(this, {
      getInfo: () => info,
      onInfo: listen(listeners),
      onMalformed: listen(malformedListeners),
      subscriptions,
      subscribe: (run: string, sink: RunSink) => {
        if (closed) return () => {};
        let set = sinks.get(run);
        const isNew = !set;
        if (!set) sinks.set(run, (set = new Set()));
        set.add(sink);
        if (!current && deadline === undefined && restartable()) connect();
        else if (isNew) updateTransports();
        let released = false;
        return () => {
          if (released) return;
          released = true;
          if (!set.delete(sink) || set.size > 0) return;
          sinks.delete(run);
          if (sinks.size > 0) return updateTransports();
          teardown();
          failures = 0;
          refreshedAfter401 = false;
          if (restartable()) setInfo({ status: 'idle', attempt: 0 });
        };
      },
      close: () => {
        if (closed) return;
        closed = true;
        teardown();
        sinks.clear();
        setInfo({ status: 'stopped', reason: 'closed', attempt: 0 });
      },
    });
  }
}
