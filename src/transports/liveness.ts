/**
 * Liveness of streaming connections: a connection that has been silent for longer than
 * the heartbeat interval plus a grace is dead, even if the socket never said so (a
 * proxy that blackholes, a laptop that slept). The deadline is wall-clock and is
 * re-checked on demand, because the timer that should enforce it may be throttled.
 * @module
 */
import { Timer, type Clock } from './clock.js';

/** The silence allowed for a heartbeat interval: 1.5 × interval + 2 s (docs/contract.md). */
export function silenceAllowance(heartbeatMs: number): number {
  return Math.ceil(heartbeatMs * 1.5) + 2_000;
}

/** Watches one connection's silence; calls `onDead` once when the deadline has passed. */
export class LivenessWatchdog {
  #deadline: number | undefined;
  #allowanceMs = 0;
  readonly #timer: Timer;

  constructor(
    private readonly clock: Clock,
    private readonly onDead: () => void,
  ) {
    this.#timer = new Timer(clock);
  }

  /** Starts watching with the server's heartbeat interval. */
  start(heartbeatMs: number): void {
    this.#allowanceMs = silenceAllowance(heartbeatMs);
    this.heard();
  }

  /** Something arrived: push the deadline out. */
  heard(): void {
    if (this.#allowanceMs === 0) return;
    this.#deadline = this.clock.now() + this.#allowanceMs;
    // Re-arm lazily: a timer per message would churn on a chatty stream.
    if (!this.#timer.armed) this.#timer.arm(this.#allowanceMs, () => this.check());
  }

  /** Compares the deadline with the wall clock now (e.g. after the tab became visible). */
  check(): void {
    if (this.#deadline === undefined) return;
    const left = this.#deadline - this.clock.now();
    if (left > 0) {
      this.#timer.arm(left, () => this.check());
      return;
    }
    this.stop();
    this.onDead();
  }

  stop(): void {
    this.#deadline = undefined;
    this.#allowanceMs = 0;
    this.#timer.cancel();
  }
}
