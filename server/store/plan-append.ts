/**
 * What an append does to a run, decided without touching storage: which events it
 * stores (seqs, times, filled-in phases) and the snapshot it leaves, or why it is
 * refused. Every store runs this inside its own atomic section (a SQLite transaction,
 * a Redis script or optimistic transaction), so all stores refuse and fold alike.
 * @module
 */
import {
  applyEvent,
  isTerminalStatus,
  type RunEvent,
  type RunEventInput,
  type RunSnapshot,
  type RunStatus,
} from '../../src/contract/index.js';

/** The outcome of {@link planAppend}. */
export type AppendPlan =
  | { ok: true; events: RunEvent[]; snapshot: RunSnapshot }
  | { ok: false; reason: 'ended' | 'invalid-transition'; detail: string };

/**
 * Turns a producer's batch into stored events and folds them into `snapshot`.
 *
 * Refuses the whole batch (nothing partial is ever stored) when the run has already
 * ended (`ended`), when a status event would move the run back to `queued` after it
 * started, or when an event follows a terminal status in the same batch
 * (`invalid-transition`). Inputs are expected to be valid {@link RunEventInput}s
 * (`validateAppendBody` at the edge); a batch must not be empty.
 * @param now - stamped as `time` on events that carry none.
 */
export function planAppend(snapshot: RunSnapshot, inputs: readonly RunEventInput[], now: Date): AppendPlan {
  if (inputs.length === 0) throw new RangeError('an append needs at least one event');
  if (isTerminalStatus(snapshot.status)) {
    return {
      ok: false,
      reason: 'ended',
      detail: `run ${snapshot.id} already ended with status '${snapshot.status}' at seq ${snapshot.seq}`,
    };
  }
  const defaultTime = now.toISOString();
  const events: RunEvent[] = [];
  let current = snapshot;
  for (const [index, input] of inputs.entries()) {
    if (isTerminalStatus(current.status)) {
      return {
        ok: false,
        reason: 'invalid-transition',
        detail: `events[${index}] follows the terminal status '${current.status}' earlier in the same batch`,
      };
    }
    if (input.type === 'status' && !canMove(current.status, input.status)) {
      return {
        ok: false,
        reason: 'invalid-transition',
        detail: `events[${index}]: a run that is '${current.status}' cannot go back to '${input.status}'`,
      };
    }
    const event = toEvent(input, current.seq + 1, defaultTime, current.phase);
    current = applyEvent(current, event);
    events.push(event);
  }
  return { ok: true, events, snapshot: current };
}

/**
 * Lifecycle: queued -> running -> terminal, or queued -> terminal (cancelled before it
 * started). Restating the current status is harmless, so it is allowed; terminal
 * statuses are handled before this is asked.
 */
function canMove(from: RunStatus, to: RunStatus): boolean {
  return to !== 'queued' || from === 'queued';
}

function toEvent(input: RunEventInput, seq: number, defaultTime: string, phase: string | undefined): RunEvent {
  // Copy only defined fields: an explicit `undefined` would survive in memory (and so
  // reach subscribers) but vanish in JSON, and readers must see the same event.
  const event: Record<string, unknown> = { seq, time: input.time ?? defaultTime };
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && key !== 'time') event[key] = value;
  }
  if (input.type === 'log' && input.phase === undefined && phase !== undefined) event['phase'] = phase;
  // The shape is the input's (already a valid event variant) plus seq and time.
  return event as RunEvent;
}
