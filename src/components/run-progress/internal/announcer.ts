import type { ElementClock } from '../../shared/clock.js';

/**
 * Throttles what goes into a polite live region. Screen readers queue every change of a
 * live region, so a run that moves through phases quickly (or a message that changes with
 * each percent) would bury the reader in speech. At most one routine announcement per
 * `intervalMs`: later ones replace a pending one (only the newest is worth saying). An
 * urgent announcement (the run ended) goes out at once and drops anything pending.
 */
export class Announcer {
  private lastAt = Number.NEGATIVE_INFINITY;
  private pending: string | undefined;
  private timer: unknown;

  constructor(
    private readonly clock: ElementClock,
    /** Receives each text to put in the live region. */
    private readonly emit: (text: string) => void,
    readonly intervalMs = 5_000,
  ) {}

  /** Queues `text`; `urgent` skips the throttle. */
  announce(text: string, urgent = false): void {
    const now = this.clock.now();
    if (urgent || now - this.lastAt >= this.intervalMs) {
      this.cancel();
      this.flush(text, now);
      return;
    }
    this.pending = text;
    if (this.timer === undefined) {
      this.timer = this.clock.setTimeout(
        () => {
          this.timer = undefined;
          const next = this.pending;
          this.pending = undefined;
          if (next !== undefined) this.flush(next, this.clock.now());
        },
        this.lastAt + this.intervalMs - now,
      );
    }
  }

  /** Drops a pending announcement (e.g. when the element leaves the page). */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(text: string, now: number): void {
    this.lastAt = now;
    this.emit(text);
  }
}
