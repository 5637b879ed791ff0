/**
 * The run feed's logic: snapshot first, then tail from the snapshot's seq; drop
 * duplicates; fill gaps over REST; start again from a fresh snapshot when the server
 * cannot resume; stop at a terminal status. It talks to the network only through the
 * {@link FeedConnection} and {@link RunReader} it is given, so tests script both.
 * @module
 */
import { applyEvent } from '../contract/fold.js';
import type { LogEvent, Problem, RunEvent, RunSnapshot, ServerFrame } from '../contract/types.js';
import { isTerminalStatus } from '../contract/vocabulary.js';
import type { RetryPolicy } from '../transports/backoff.js';
import { Timer, type Clock } from '../transports/clock.js';
import { classifyClose } from '../transports/close-reason.js';
import type { RunSink } from '../transports/connection.js';
import { TransportError, type MalformedMessage } from '../transports/errors.js';
import { parseFrame } from '../transports/frames.js';
import type { ConnectionInfo } from '../transports/kinds.js';
import { RingLogWindow } from './log-window.js';
import type { RunReader } from '../contract/reader.js';
import { serverFrameFits } from './run-guards.js';
import type { FeedMessageError, RunFeed, RunFeedChange, RunFeedState } from './types.js';

/** The part of the shared connection a feed uses. */
export interface FeedConnection {
  subscribe(run: string, sink: RunSink): () => void;
  getInfo(): ConnectionInfo;
  onInfo(listener: (info: ConnectionInfo) => void): () => void;
  onMalformed(listener: (error: MalformedMessage) => void): () => void;
  readonly problem: Problem | undefined;
}

/** What a {@link LiveRunFeed} needs. */
export interface RunFeedDeps {
  runId: string;
  reader: RunReader;
  connection: FeedConnection;
  clock: Clock;
  retryPolicy: RetryPolicy;
  /** Lines the log window keeps. */
  logCapacity: number;
  /** Lines loaded at start (`GET /logs?tail=N`; the server caps N at 5000). */
  tailLines: number;
  /**
   * Whether a reconnect resumes from the cursor with nothing lost (default true, as the
   * contract's streams do). `false` for adapters: a foreign backend's replay window is
   * unknown (an SSE stream without ids replays nothing), so a reconnect never counts as a
   * recovered resume and `lastResumeRecovered` is `false` after one.
   */
  resumes?: boolean | undefined;
  /** Called once when the feed closes or stops (the client drops its reference). */
  onRelease?: (() => void) | undefined;
}

const noChange = (): RunFeedChange => ({ run: false, appendedLines: 0, logsReset: false, connection: false });
// States as their string values: the ConnectionStatus object would ship with every feed.
const STOPPED = new Set<string>(['stopped', 'unauthorized']);

/** A {@link RunFeed} over a shared connection and REST. */
export class LiveRunFeed implements RunFeed {
  readonly runId: string;
  #run: RunSnapshot | undefined;
  readonly #logs: RingLogWindow;
  #connection: ConnectionInfo = { status: 'connecting', attempt: 0 };
  #problem: Problem | undefined;
  #lastEventAt: number | undefined;
  #malformed = 0;
  #state: RunFeedState;

  /** Seq of the last event folded in (the cursor the stream resumes after). */
  #lastSeq = 0;
  /** Highest seq the stream announced (events, `end`, heartbeats) while catching up. */
  #target = 0;
  /** A REST catch-up is running; stream events wait for it (they are refetched, not buffered). */
  #busy = false;
  #generation = 0;
  #failures = 0;
  /** When the catch-up that is failing began: a time-limited retry policy counts from here. */
  #failingSince = 0;
  #done = false;
  #wasLive = false;
  #pending = noChange();
  #releaseRun: (() => void) | undefined;
  readonly #unlisten: Array<() => void> = [];
  readonly #retry: Timer;
  readonly #listeners = new Set<(state: RunFeedState, change: RunFeedChange) => void>();
  readonly #errorListeners = new Set<(error: FeedMessageError) => void>();

  constructor(private readonly deps: RunFeedDeps) {
    this.runId = deps.runId;
    this.#logs = new RingLogWindow(deps.logCapacity);
    this.#retry = new Timer(deps.clock);
    this.#state = this.#makeState();
    this.#unlisten.push(deps.connection.onMalformed(this.#onMalformed));
    this.#catchUp('load');
  }

  getState(): RunFeedState {
    return this.#state;
  }

  subscribe(listener: (state: RunFeedState, change: RunFeedChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onError(listener: (error: FeedMessageError) => void): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  close(): void {
    if (this.#done) return;
    this.#stop({ status: 'stopped', reason: 'closed', attempt: 0 });
    this.#commit();
    this.#listeners.clear();
    this.#errorListeners.clear();
  }

  // ---- stream ----

  readonly #onMalformed = (error: MalformedMessage) => this.#reportMalformed(error);

  readonly #sink: RunSink = {
    after: () => this.#lastSeq,
    onFrames: (frames) => {
      for (const frame of frames) {
        if (this.#done) break;
        // The connection checked the envelope it routes on; the run payloads are checked
        // here, where they are folded (src/transports/envelope.ts).
        if (parseFrame(frame, this.#onMalformed, serverFrameFits)) this.#onFrame(frame);
      }
      this.#afterBatch();
    },
  };

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'event':
        this.#lastEventAt = this.deps.clock.now();
        if (this.#busy || frame.event.seq > this.#lastSeq + 1) this.#target = Math.max(this.#target, frame.event.seq);
        else this.#apply(frame.event);
        return;
      case 'heartbeat': {
        this.#lastEventAt = this.deps.clock.now();
        const seq = frame.runs?.[this.runId];
        if (seq !== undefined) this.#target = Math.max(this.#target, seq);
        return;
      }
      case 'end':
        this.#target = Math.max(this.#target, frame.seq);
        return;
      case 'reset':
        this.#adopt(frame.snapshot, false);
        this.#catchUp('logs');
        return;
      case 'error':
        if (frame.problem.status === 409 || frame.problem.status === 410) this.#catchUp('load');
        else
          this.#stop(
            { status: 'stopped', reason: frame.problem.detail ?? frame.problem.title, attempt: 0 },
            frame.problem,
          );
        return;
      default:
        return;
    }
  }

  /** Folds the next event in. */
  #apply(event: RunEvent): void {
    if (event.seq <= this.#lastSeq || !this.#run) return;
    this.#run = applyEvent(this.#run, event);
    this.#lastSeq = event.seq;
    this.#pending.run = true;
    if (event.type === 'log') {
      this.#logs.push(event as LogEvent);
      this.#pending.appendedLines += 1;
    }
  }

  #afterBatch(): void {
    if (!this.#done && this.#run && isTerminalStatus(this.#run.status)) this.#finish();
    else if (!this.#done && !this.#busy && this.#target > this.#lastSeq) this.#catchUp('events');
    this.#commit();
  }

  // ---- REST catch-up ----

  /**
   * Brings the feed up to date over REST: `load` reloads snapshot and log tail, `logs`
   * reloads the log tail for the snapshot in hand (after a reset), `events` fills a gap.
   * One at a time; a newer one supersedes an older one.
   */
  #catchUp(mode: 'load' | 'logs' | 'events'): void {
    const generation = ++this.#generation;
    if (this.#failures === 0) this.#failingSince = this.deps.clock.now();
    this.#busy = true;
    this.#retry.cancel();
    void this.#runCatchUp(generation, mode).then(
      () => {
        if (generation !== this.#generation || this.#done) return;
        this.#busy = false;
        this.#failures = 0;
        if (!this.#releaseRun && !this.#isTerminal()) {
          this.#releaseRun = this.deps.connection.subscribe(this.runId, this.#sink);
          this.#unlisten.push(this.deps.connection.onInfo((info) => this.#onConnection(info)));
          this.#onConnection(this.deps.connection.getInfo());
        }
        this.#afterBatch();
      },
      (error: unknown) => {
        if (generation !== this.#generation || this.#done) return;
        this.#onCatchUpError(error, mode === 'events' ? 'events' : mode === 'logs' ? 'logs' : 'load');
        this.#commit();
      },
    );
  }

  async #runCatchUp(generation: number, mode: 'load' | 'logs' | 'events'): Promise<void> {
    const { reader } = this.deps;
    if (mode === 'load') {
      const snapshot = await reader.snapshot(this.runId);
      if (generation !== this.#generation) return;
      this.#adopt(snapshot, this.#releaseRun === undefined ? undefined : false);
      mode = 'logs';
    }
    if (mode === 'logs') {
      const snapshot = this.#run as RunSnapshot;
      let tail = await reader.logTail(this.runId, this.deps.tailLines);
      // A tail read before the snapshot may miss lines up to snapshot.seq: read again.
      if (generation !== this.#generation) return;
      if (tail.lastSeq < snapshot.seq) tail = await reader.logTail(this.runId, this.deps.tailLines);
      if (generation !== this.#generation) return;
      const lines = tail.lines.filter((line) => line.seq <= snapshot.seq);
      this.#logs.replace(lines, Math.max(0, snapshot.logLines - lines.length));
      this.#pending.logsReset = true;
      this.#pending.appendedLines = 0;
      return;
    }
    while (this.#lastSeq < this.#target) {
      const page = await reader.events(this.runId, this.#lastSeq);
      if (generation !== this.#generation) return;
      const before = this.#lastSeq;
      for (const event of page.events) {
        if (event.seq === this.#lastSeq + 1) this.#apply(event);
      }
      this.#lastEventAt = this.deps.clock.now();
      // The store has nothing newer than the stream claimed: stop asking, the stream will tell.
      if (this.#lastSeq === before || this.#lastSeq >= page.lastSeq) {
        this.#target = Math.min(this.#target, Math.max(this.#lastSeq, page.lastSeq));
        break;
      }
    }
  }

  /** Takes `snapshot` as the new truth (a reset or a reload). */
  #adopt(snapshot: RunSnapshot, recovered: boolean | undefined): void {
    this.#run = snapshot;
    this.#lastSeq = snapshot.seq;
    this.#target = Math.min(this.#target, snapshot.seq);
    this.#pending.run = true;
    if (recovered === false) {
      this.#connection = { ...this.#connection, lastResumeRecovered: false };
      this.#pending.connection = true;
    }
  }

  #onCatchUpError(error: unknown, mode: 'load' | 'logs' | 'events'): void {
    const reason =
      error instanceof TransportError ? error.reason : { kind: 'network' as const, message: String(error) };
    if (error instanceof TransportError && error.reason.kind === 'protocol')
      this.#reportMalformed({ message: error.message, shape: error.cause });
    const status = reason.status;
    if (mode === 'events' && (status === 409 || status === 410)) {
      // History trimmed or cursor ahead: start again from a fresh snapshot.
      this.#adoptRecovered(false);
      return this.#catchUp('load');
    }
    const action = classifyClose(reason);
    if (action === 'refresh-token')
      return this.#stop({ status: 'unauthorized', reason: reason.message, attempt: 0 }, reason.problem);
    if (action === 'stop') return this.#stop({ status: 'stopped', reason: reason.message, attempt: 0 }, reason.problem);
    this.#failures += 1;
    const delay = this.deps.retryPolicy.nextRetryDelay({
      attempt: this.#failures,
      elapsedMs: this.deps.clock.now() - this.#failingSince,
      reason,
      random: this.deps.clock.random(),
    });
    if (delay === null)
      return this.#stop({ status: 'stopped', reason: reason.message, attempt: this.#failures }, reason.problem);
    if (!this.#releaseRun) {
      const nextRetryAt = this.deps.clock.now() + delay;
      this.#connection = {
        ...this.#connection,
        status: 'reconnecting',
        reason: reason.message,
        attempt: this.#failures,
        nextRetryAt,
      };
      this.#pending.connection = true;
    }
    const generation = this.#generation;
    this.#retry.arm(delay, () => {
      if (generation === this.#generation && !this.#done) this.#catchUp(mode);
    });
  }

  #adoptRecovered(value: boolean): void {
    this.#connection = { ...this.#connection, lastResumeRecovered: value };
    this.#pending.connection = true;
  }

  // ---- connection state ----

  #onConnection(info: ConnectionInfo): void {
    if (this.#done) return;
    let recovered = this.#connection.lastResumeRecovered;
    if (info.status === 'live') {
      if (this.#wasLive && this.#connection.status !== 'live') recovered = this.deps.resumes !== false;
      this.#wasLive = true;
    }
    this.#connection = { ...info, lastResumeRecovered: recovered };
    this.#pending.connection = true;
    if (STOPPED.has(info.status)) this.#stop(this.#connection, this.deps.connection.problem);
    this.#commit();
  }

  #isTerminal(): boolean {
    return this.#run !== undefined && isTerminalStatus(this.#run.status);
  }

  #finish(): void {
    this.#stop({
      ...this.#connection,
      status: 'stopped',
      reason: `run ${this.#run?.status ?? 'ended'}`,
      nextRetryAt: undefined,
    });
  }

  #stop(info: ConnectionInfo, problem?: Problem): void {
    if (this.#done) return;
    this.#done = true;
    this.#generation += 1;
    this.#busy = false;
    this.#retry.cancel();
    this.#releaseRun?.();
    this.#releaseRun = undefined;
    for (const off of this.#unlisten.splice(0)) off();
    this.#connection = info;
    this.#problem = problem;
    this.#pending.connection = true;
    this.deps.onRelease?.();
  }

  #reportMalformed(error: FeedMessageError): void {
    this.#malformed += 1;
    this.#state = this.#makeState();
    for (const listener of [...this.#errorListeners]) listener(error);
  }

  // ---- notifications ----

  #makeState(): RunFeedState {
    return {
      runId: this.runId,
      run: this.#run,
      logs: this.#logs,
      connection: this.#connection,
      problem: this.#problem,
      lastEventAt: this.#lastEventAt,
      malformed: this.#malformed,
    };
  }

  /** Publishes what changed since the last notification, as one notification. */
  #commit(): void {
    const change = this.#pending;
    if (!change.run && !change.connection && !change.logsReset && change.appendedLines === 0) return;
    this.#pending = noChange();
    this.#state = this.#makeState();
    for (const listener of [...this.#listeners]) listener(this.#state, change);
  }
}
