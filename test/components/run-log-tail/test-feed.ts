/**
 * A hand-driven RunFeed for the element's tests: the feed is not under test, so this one
 * does exactly what a test tells it, synchronously.
 */
import type { LogEvent, RunSnapshot } from '../../../src/contract/index.js';
import type {
  ConnectionInfo,
  FeedMessageError,
  LogWindow,
  RunFeed,
  RunFeedChange,
  RunFeedState,
} from '../../../src/feed/types.js';

/**
 * A plain array-backed window with a capacity (drops from the front like the real one;
 * the dead front is compacted in bulk so appends stay O(1) amortised).
 */
export class ArrayLogWindow implements LogWindow {
  private lines: LogEvent[] = [];
  private start = 0;
  dropped = 0;
  constructor(readonly capacity = 100_000) {}
  get size(): number {
    return this.lines.length - this.start;
  }
  push(line: LogEvent): void {
    this.lines.push(line);
    if (this.size > this.capacity) {
      this.start++;
      this.dropped++;
      if (this.start > this.capacity) {
        this.lines = this.lines.slice(this.start);
        this.start = 0;
      }
    }
  }
  at(index: number): LogEvent | undefined {
    return index >= 0 && index < this.size ? this.lines[this.start + index] : undefined;
  }
  indexOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = (this.at(mid) as LogEvent).seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
  slice(start = 0, end = this.size): LogEvent[] {
    return this.lines.slice(this.start + start, this.start + Math.min(end, this.size));
  }
}

/** A window of `size` generated lines (seq 1..size) that costs no memory per line. */
export class SyntheticLogWindow implements LogWindow {
  readonly dropped = 0;
  constructor(
    public size: number,
    private readonly text: (seq: number) => string = (seq) => `line ${seq}`,
  ) {}
  get capacity(): number {
    return this.size;
  }
  at(index: number): LogEvent | undefined {
    if (index < 0 || index >= this.size || !Number.isInteger(index)) return undefined;
    const seq = index + 1;
    return { type: 'log', seq, time: '2026-11-25T10:00:00.000Z', text: this.text(seq) };
  }
  indexOfSeq(seq: number): number {
    return seq >= 1 && seq <= this.size && Number.isInteger(seq) ? seq - 1 : -1;
  }
  slice(start = 0, end = this.size): LogEvent[] {
    const out: LogEvent[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.size); i++) out.push(this.at(i) as LogEvent);
    return out;
  }
}

const T0 = Date.parse('2026-11-25T10:00:00.000Z');

/** A line to append: text, or the fields to set. */
export type LineInput = string | (Partial<Omit<LogEvent, 'type' | 'seq'>> & { text: string; seq?: number });

/** A RunFeed driven by the test. */
export class TestFeed implements RunFeed {
  readonly runId: string;
  logs: LogWindow;
  run: RunSnapshot | undefined;
  connection: ConnectionInfo = { status: 'live', attempt: 0 };
  closed = false;
  nextSeq = 1;
  private listeners = new Set<(state: RunFeedState, change: RunFeedChange) => void>();

  constructor(options: { runId?: string; capacity?: number; logs?: LogWindow; withRun?: boolean } = {}) {
    this.runId = options.runId ?? 'run-1';
    this.logs = options.logs ?? new ArrayLogWindow(options.capacity);
    if (options.withRun !== false) {
      this.run = {
        id: this.runId,
        status: 'running',
        seq: 0,
        createdAt: new Date(T0).toISOString(),
        updatedAt: new Date(T0).toISOString(),
        startedAt: new Date(T0).toISOString(),
        steps: [],
        logLines: 0,
      };
    }
  }

  getState(): RunFeedState {
    return { runId: this.runId, run: this.run, logs: this.logs, connection: this.connection, malformed: 0 };
  }

  subscribe(listener: (state: RunFeedState, change: RunFeedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onError(_listener: (error: FeedMessageError) => void): () => void {
    return () => undefined;
  }

  close(): void {
    this.closed = true;
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Appends lines (seqs follow on) and notifies once. */
  append(lines: readonly LineInput[]): void {
    const window = this.logs as ArrayLogWindow;
    for (const input of lines) window.push(this.toEvent(input));
    this.notify({ appendedLines: lines.length });
  }

  /** Appends `count` lines `prefix N`. */
  appendMany(count: number, text: (seq: number) => string = (seq) => `line ${seq}`): void {
    const lines: LineInput[] = [];
    for (let i = 0; i < count; i++) lines.push(text(this.nextSeq + i));
    this.append(lines);
  }

  /** Grows a {@link SyntheticLogWindow} by `count` lines and notifies the append. */
  grow(count: number): void {
    (this.logs as SyntheticLogWindow).size += count;
    this.notify({ appendedLines: count });
  }

  /** Replaces the window (a reload after a reconnect) and notifies a reset. */
  resetWith(lines: readonly LogEvent[], capacity?: number): void {
    const window = new ArrayLogWindow(capacity ?? this.logs.capacity);
    for (const line of lines) window.push(line);
    this.logs = window;
    this.nextSeq = (lines[lines.length - 1]?.seq ?? 0) + 1;
    this.notify({ logsReset: true });
  }

  setRun(patch: Partial<RunSnapshot>): void {
    if (this.run) this.run = { ...this.run, ...patch };
    this.notify({ run: true });
  }

  setConnection(connection: Partial<ConnectionInfo>): void {
    this.connection = { ...this.connection, ...connection };
    this.notify({ connection: true });
  }

  toEvent(input: LineInput): LogEvent {
    const fields = typeof input === 'string' ? { text: input } : input;
    const seq = fields.seq ?? this.nextSeq;
    this.nextSeq = seq + 1;
    return { time: new Date(T0 + seq * 10).toISOString(), ...fields, type: 'log', seq };
  }

  private notify(change: Partial<RunFeedChange>): void {
    const full: RunFeedChange = { run: false, appendedLines: 0, logsReset: false, connection: false, ...change };
    const state = this.getState();
    for (const l of this.listeners) l(state, full);
  }
}
