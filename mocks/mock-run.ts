/**
 * One scenario played against a clock: which of its events are due, stamped with seq and
 * time, and the snapshot folded from them with the contract's `applyEvent` (folded forward
 * once per event, since time only moves on).
 * @module
 */
import {
  applyEvent,
  initialSnapshot,
  isTerminalStatus,
  RunEventSchema,
  validate,
  type LogEvent,
  type RunEvent,
  type RunSnapshot,
} from '../src/contract/index.js';
import type { MockScenario } from './script.js';

/** Scenarios already checked (they are module constants: check each once per page). */
const checked = new WeakSet<MockScenario>();

/**
 * Throws a clear error for a script the handlers cannot play faithfully: `at` going back
 * (the due-count search needs order) or an event the contract would refuse.
 */
function check(scenario: MockScenario, events: readonly RunEvent[]): void {
  if (checked.has(scenario)) return;
  let previous = 0;
  scenario.timeline.forEach((entry, index) => {
    if (!(entry.at >= previous)) {
      throw new RangeError(
        `mock scenario ${scenario.id}: timeline[${index}].at (${entry.at}) is before the entry above it`,
      );
    }
    previous = entry.at;
    const result = validate(RunEventSchema, events[index]);
    if (!result.ok) {
      const issue = result.issues[0];
      throw new TypeError(
        `mock scenario ${scenario.id}: timeline[${index}].event${issue?.pointer ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
  });
  checked.add(scenario);
}

/** A scenario started at `startedAt` (epoch ms) and played `speed` times as fast as scripted. */
export class MockRun {
  readonly id: string;
  readonly #events: RunEvent[];
  /** Epoch ms at which each event becomes due. */
  readonly #dueAt: number[];
  /** Indexes (into `#events`) of the log events, for `?tail=`. */
  readonly #logIndexes: number[] = [];
  #snapshot: RunSnapshot;
  #folded = 0;

  constructor(
    readonly scenario: MockScenario,
    readonly startedAt: number,
    speed: number,
  ) {
    this.id = scenario.id;
    this.#dueAt = scenario.timeline.map((entry) => startedAt + entry.at / speed);
    this.#events = scenario.timeline.map((entry, index) => {
      const time = new Date(this.#dueAt[index] as number).toISOString();
      return { ...entry.event, seq: index + 1, time } as RunEvent;
    });
    check(scenario, this.#events);
    this.#events.forEach((event, index) => {
      if (event.type === 'log') this.#logIndexes.push(index);
    });
    this.#snapshot = initialSnapshot({
      id: scenario.id,
      createdAt: new Date(startedAt).toISOString(),
      kind: scenario.kind,
      title: scenario.title,
      steps: scenario.steps,
    });
    if (scenario.estimate) this.#snapshot.estimate = scenario.estimate;
  }

  /** How many events are due at `now` (the run's last seq then). */
  dueCount(now: number): number {
    // Binary search: the 100 000-line scenario is asked this on every tick.
    let low = 0;
    let high = this.#dueAt.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.#dueAt[mid] as number) <= now) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** When the next event after `now` is due, or `undefined` when the script is done. */
  nextDueAt(now: number): number | undefined {
    return this.#dueAt[this.dueCount(now)];
  }

  /** Due events with `seq > after`, at most `limit`. */
  eventsAfter(after: number, now: number, limit = Infinity): RunEvent[] {
    const end = Math.min(this.dueCount(now), after + limit);
    return this.#events.slice(Math.max(0, after), Math.max(0, end));
  }

  /** The snapshot at `now`. */
  snapshot(now: number): RunSnapshot {
    const due = this.dueCount(now);
    while (this.#folded < due) this.#snapshot = applyEvent(this.#snapshot, this.#events[this.#folded++] as RunEvent);
    return this.#snapshot;
  }

  /** The last `count` log lines due at `now`. */
  logTail(count: number, now: number): LogEvent[] {
    const due = this.dueCount(now);
    let end = this.#logIndexes.length;
    while (end > 0 && (this.#logIndexes[end - 1] as number) >= due) end -= 1;
    return this.#logIndexes.slice(Math.max(0, end - count), end).map((i) => this.#events[i] as LogEvent);
  }

  /** Whether the run has reached its terminal status by `now`. */
  ended(now: number): boolean {
    return isTerminalStatus(this.snapshot(now).status);
  }
}
