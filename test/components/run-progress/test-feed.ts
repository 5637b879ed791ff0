/**
 * A hand-driven RunFeed for element tests: the feed is not under test here, so tests set
 * its state directly (or fold contract events into it) and check what the element shows.
 */
import {
  applyEvent,
  initialSnapshot,
  type LogEvent,
  type RunEvent,
  type RunInit,
  type RunSnapshot,
} from '../../../src/contract/index.js';
import type {
  ConnectionInfo,
  FeedMessageError,
  LogWindow,
  RunFeed,
  RunFeedChange,
  RunFeedState,
} from '../../../src/feed/types.js';
import type { ElementClock } from '../../../src/components/shared/clock.js';

const emptyLogs: LogWindow = {
  size: 0,
  capacity: 1000,
  dropped: 0,
  at: () => undefined,
  indexOfSeq: () => -1,
  slice: (): LogEvent[] => [],
};

/** A RunFeed whose state the test sets. */
export class TestFeed implements RunFeed {
  private state: RunFeedState;
  private readonly listeners = new Set<(state: RunFeedState, change: RunFeedChange) => void>();
  closed = 0;

  constructor(
    readonly runId: string,
    run?: RunSnapshot,
    connection: ConnectionInfo = { status: 'live', transport: 'websocket', attempt: 0 },
  ) {
    this.state = { runId, run, logs: emptyLogs, connection, malformed: 0 };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  getState(): RunFeedState {
    return this.state;
  }

  subscribe(listener: (state: RunFeedState, change: RunFeedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onError(_listener: (error: FeedMessageError) => void): () => void {
    return () => undefined;
  }

  close(): void {
    this.closed++;
  }

  /** Replaces parts of the state and notifies. */
  set(patch: Partial<RunFeedState>): void {
    this.state = { ...this.state, ...patch };
    const change: RunFeedChange = {
      run: 'run' in patch,
      appendedLines: 0,
      logsReset: false,
      connection: 'connection' in patch,
    };
    for (const listener of this.listeners) listener(this.state, change);
  }

  /** Replaces parts of the snapshot. */
  patchRun(patch: Partial<RunSnapshot>, lastEventAt?: number): void {
    const run = this.state.run;
    if (!run) throw new Error('no run yet');
    this.set({ run: { ...run, ...patch }, ...(lastEventAt === undefined ? {} : { lastEventAt }) });
  }

  /** Folds events (contract `applyEvent`), stamping seq, as a real feed would. */
  fold(events: ReadonlyArray<DistributiveOmit<RunEvent, 'seq'>>, lastEventAt?: number): void {
    let run = this.state.run;
    if (!run) throw new Error('no run yet');
    for (const event of events) run = applyEvent(run, { ...event, seq: run.seq + 1 } as RunEvent);
    this.set({ run, ...(lastEventAt === undefined ? {} : { lastEventAt }) });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A snapshot for tests. */
export function snapshot(init: Partial<RunInit> & { id?: string } = {}, patch: Partial<RunSnapshot> = {}): RunSnapshot {
  return { ...initialSnapshot({ id: 'run-1', createdAt: iso(T0), ...init }), ...patch };
}

/** A fixed "now" for tests: 2026-11-25T05:00:00Z. */
export const T0 = Date.UTC(2026, 10, 25, 5, 0, 0);

/** ISO string of epoch ms. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A clock the test moves by hand; timers fire in order as time passes. */
export class ManualClock implements ElementClock {
  private timers: Array<{ at: number; id: number; callback: () => void }> = [];
  private nextId = 1;

  constructor(public time = T0) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + Math.max(0, ms), id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Pending timers. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.callback();
    }
    this.time = end;
  }
}
