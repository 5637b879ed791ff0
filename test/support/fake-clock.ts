/**
 * A clock and timers the test drives by hand, and an environment (visibility, online)
 * it can flip. `throttle()` makes time pass without timers firing, as in a background
 * tab, so tests can show that wall-clock deadlines are re-checked on page events.
 */
import type { Clock } from '../../src/transports/clock.js';
import type { Environment, EnvironmentEvent } from '../../src/transports/environment.js';

interface PendingTimer {
  id: number;
  at: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  time = Date.UTC(2026, 10, 25, 5, 0, 0);
  /** What `random()` answers (jitter); 0.5 unless a test sets it. */
  rand = 0.5;
  private timers: PendingTimer[] = [];
  private nextId = 1;
  private throttled = false;

  now(): number {
    return this.time;
  }

  random(): number {
    return this.rand;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers pending now. */
  get pending(): number {
    return this.timers.length;
  }

  /** From now on, time passes but timers do not fire (a throttled background tab). */
  throttle(on = true): void {
    this.throttled = on;
  }

  /** Moves time on by `ms`, firing due timers in order (unless throttled) and letting promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = this.throttled
        ? undefined
        : this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = end;
    await settle();
  }
}

/** Lets queued promise callbacks run (several rounds, for chains of awaits). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

export class FakeEnvironment implements Environment {
  isHidden = false;
  isOnline = true;
  private listeners = new Set<(event: EnvironmentEvent) => void>();

  hidden(): boolean {
    return this.isHidden;
  }

  online(): boolean {
    return this.isOnline;
  }

  subscribe(listener: (event: EnvironmentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets visibility and fires `visibilitychange`. */
  setHidden(hidden: boolean): void {
    this.isHidden = hidden;
    this.emit('visibilitychange');
  }

  /** Sets connectivity and fires `online`/`offline`. */
  setOnline(online: boolean): void {
    this.isOnline = online;
    this.emit(online ? 'online' : 'offline');
  }

  emit(event: EnvironmentEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
