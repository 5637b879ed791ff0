/**
 * Follows a set of runs for one stream connection (WebSocket, multi-run SSE, per-run SSE):
 * sends each run's due events past its cursor as frames, `reset` when the cursor is
 * ahead, `end` after the terminal event, `error` for unknown runs, heartbeats, and cuts
 * the stream when the scenario's network says so. Timers wake it exactly when the next
 * scripted event is due.
 * @module
 */
import { ProblemType, type ServerFrame } from '../src/contract/index.js';
import type { MockServer } from './mock-server.js';

/** Most events sent per run per wake-up: a huge log goes out in slices, not one block. */
const SLICE = 2_000;

/** Callbacks of a {@link Follower}. */
export interface FollowerSink {
  send(frames: ServerFrame[]): void;
  /** The network cut the stream (flap or outage): close it abruptly. */
  cut(): void;
}

/** One connection's subscriptions and timers. */
export class Follower {
  readonly #cursors = new Map<string, number>();
  #wake: ReturnType<typeof setTimeout> | undefined;
  readonly #timers: Array<ReturnType<typeof setTimeout>> = [];
  readonly #heartbeatTimer: ReturnType<typeof setInterval>;
  #stopped = false;

  constructor(
    private readonly server: MockServer,
    private readonly sink: FollowerSink,
  ) {
    const now = server.now();
    this.#heartbeatTimer = setInterval(() => this.#heartbeat(), server.heartbeatMs);
    const flap = server.flapAfterMs();
    const down = server.downAt();
    const cutAt = Math.min(flap === undefined ? Infinity : now + flap, down ?? Infinity);
    if (cutAt !== Infinity) this.#timers.push(setTimeout(() => this.#cut(), Math.max(0, cutAt - now)));
  }

  /** Follows `run` from after seq `after` (again from the new cursor when already followed). */
  subscribe(run: string, after: number): void {
    if (this.#stopped) return;
    const mock = this.server.run(run);
    if (!mock) {
      this.#cursors.delete(run);
      const problem = { type: ProblemType.NotFound, title: 'Not Found', status: 404, detail: `no run ${run}` };
      return this.sink.send([{ type: 'error', run, problem }]);
    }
    const snapshot = mock.snapshot(this.server.now());
    if (after > snapshot.seq) {
      this.#cursors.set(run, snapshot.seq);
      this.sink.send([{ type: 'reset', run, reason: 'ahead', snapshot }]);
    } else this.#cursors.set(run, after);
    this.#pump();
  }

  unsubscribe(run: string): void {
    this.#cursors.delete(run);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#wake);
    clearInterval(this.#heartbeatTimer);
    for (const timer of this.#timers) clearTimeout(timer);
  }

  #cut(): void {
    if (this.#stopped) return;
    this.stop();
    this.sink.cut();
  }

  #heartbeat(): void {
    if (this.#stopped) return;
    // Send what is due first, so the heartbeat's seqs never claim events not yet sent.
    this.#pump();
    const runs: Record<string, number> = {};
    for (const [run, cursor] of this.#cursors) runs[run] = cursor;
    this.sink.send([{ type: 'heartbeat', time: new Date(this.server.now()).toISOString(), runs }]);
  }

  #pump(): void {
    if (this.#stopped) return;
    clearTimeout(this.#wake);
    const now = this.server.now();
    const frames: ServerFrame[] = [];
    let more = false;
    let nextAt = Infinity;
    for (const [run, cursor] of this.#cursors) {
      const mock = this.server.run(run);
      if (!mock) continue;
      const events = mock.eventsAfter(cursor, now, SLICE);
      for (const event of events) frames.push({ type: 'event', run, event });
      const last = cursor + events.length;
      this.#cursors.set(run, last);
      const due = mock.dueCount(now);
      if (last < due) more = true;
      else if (mock.ended(now)) {
        frames.push({ type: 'end', run, seq: last, status: mock.snapshot(now).status });
        this.#cursors.delete(run);
      } else nextAt = Math.min(nextAt, mock.nextDueAt(now) ?? Infinity);
    }
    if (frames.length > 0) this.sink.send(frames);
    if (this.#stopped) return;
    if (more) this.#wake = setTimeout(() => this.#pump(), 0);
    else if (nextAt !== Infinity) this.#wake = setTimeout(() => this.#pump(), Math.max(0, nextAt - now));
  }
}
