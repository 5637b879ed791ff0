/**
 * Plays one {@link RunScript} into a sink in real (or injected) time: each batch is
 * appended when it is due, one after another, so a run's events keep their order even
 * when the sink is slower than the script.
 * @module
 */
import type { RunScript } from './run-script.js';
import type { RunSink } from './run-sink.js';
import type { Timers } from './timers.js';

/** How playing ended. */
export type PlayResult = 'finished' | 'stopped';

/** Plays a script once; {@link ScriptPlayer.stop} ends it early. */
export class ScriptPlayer {
  private stopped = false;
  private wake: (() => void) | undefined;
  private timer: unknown;

  constructor(
    readonly script: RunScript,
    private readonly sink: RunSink,
    private readonly timers: Timers,
  ) {}

  /** Appends every batch on time. Rejects with the sink's error if a write fails. */
  async play(): Promise<PlayResult> {
    const id = this.script.create.id;
    const startedAt = this.timers.now();
    for (const [index, batch] of this.script.batches.entries()) {
      await this.waitUntil(startedAt + batch.atMs);
      if (this.stopped) return 'stopped';
      await this.sink.append(id, batch.events, `${id}:${index}`);
    }
    return 'finished';
  }

  /** Stops before the next batch; an append already under way completes. */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
    this.wake?.();
  }

  private waitUntil(at: number): Promise<void> {
    const delay = at - this.timers.now();
    if (delay <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = this.timers.setTimeout(resolve, delay);
    });
  }
}
