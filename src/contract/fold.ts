/**
 * The snapshot is the fold of a run's events: `GET /runs/{id}` is
 * `events.reduce(applyEvent, initialSnapshot(run))` up to the `seq` it states. Server,
 * client and mocks all fold with this one function, so "load the snapshot, then tail
 * from its seq" gives the same state as replaying everything.
 *
 * The rules are normative in prose, docs/contract.md "The snapshot fold" (F1-F16, cited
 * below); this code implements them, and conformance/vectors/fold-vectors.json, generated
 * from it, pins every rule for folds in other languages.
 * @module
 */
import type { RunEvent, RunSnapshot, Step, StatusEvent } from './types.js';
import { isTerminalStatus, type RunStatus, type StepState } from './vocabulary.js';

/** What a run is created with. */
export interface RunInit {
  id: string;
  createdAt: string;
  kind?: string | undefined;
  title?: string | undefined;
  steps?: ReadonlyArray<{ key: string; label?: string | undefined }> | undefined;
}

/** The snapshot of a run that has no events yet (`seq` 0, `queued`): rule F1. */
export function initialSnapshot(init: RunInit): RunSnapshot {
  const snapshot: RunSnapshot = {
    id: init.id,
    status: 'queued',
    seq: 0,
    createdAt: init.createdAt,
    updatedAt: init.createdAt,
    steps: (init.steps ?? []).map((s) => withOptional({ key: s.key, state: 'waiting' as StepState }, 'label', s.label)),
    logLines: 0,
  };
  if (init.kind !== undefined) snapshot.kind = init.kind;
  if (init.title !== undefined) snapshot.title = init.title;
  return snapshot;
}

/** Thrown when an event does not directly follow the snapshot (a gap). */
export class SequenceGapError extends RangeError {
  constructor(
    readonly expected: number,
    readonly received: number,
  ) {
    super(`event seq ${received} does not follow snapshot seq ${expected - 1}`);
    this.name = 'SequenceGapError';
  }
}

/**
 * Folds one event into a snapshot and returns the new snapshot (the input is not
 * changed). An event at or below the snapshot's `seq` is a duplicate and returns the
 * snapshot as it is; an event past `seq + 1` throws {@link SequenceGapError}.
 *
 * Rules (docs/contract.md, F2-F16): a progress event replaces phase, label, percent,
 * message and ETA (absent means unknown), and replaces the steps when it carries them;
 * step start and end times are stamped from event times when the producer leaves them
 * out. The first progress or log event of a queued run starts it. A terminal status
 * closes the steps still running and records the phase a failure happened in. Events
 * after a terminal status are not checked for here (servers refuse them, F16).
 */
export function applyEvent(snapshot: RunSnapshot, event: RunEvent): RunSnapshot {
  if (event.seq <= snapshot.seq) return snapshot;
  if (event.seq !== snapshot.seq + 1) throw new SequenceGapError(snapshot.seq + 1, event.seq);
  const next: RunSnapshot = { ...snapshot, seq: event.seq, updatedAt: event.time };
  switch (event.type) {
    case 'log':
      next.logLines = snapshot.logLines + 1;
      startIfQueued(next, event.time);
      return next;
    case 'progress': {
      startIfQueued(next, event.time);
      const label = event.label ?? (event.phase === snapshot.phase ? snapshot.phaseLabel : undefined);
      next.phase = event.phase;
      setOrDelete(next, 'phaseLabel', label);
      setOrDelete(next, 'percent', event.percent);
      setOrDelete(next, 'message', event.message);
      setOrDelete(next, 'etaMs', event.etaMs);
      setOrDelete(next, 'etaAt', event.etaMs === undefined ? undefined : event.time);
      if (event.steps) next.steps = stampSteps(snapshot.steps, event.steps, event.time);
      return next;
    }
    case 'status':
      return applyStatus(next, snapshot, event);
  }
}

function applyStatus(next: RunSnapshot, prev: RunSnapshot, event: StatusEvent): RunSnapshot {
  next.status = event.status;
  if (event.status === 'running' && prev.startedAt === undefined) next.startedAt = event.time;
  if (!isTerminalStatus(event.status)) return next;
  next.endedAt = event.time;
  delete next.etaMs;
  delete next.etaAt;
  if (event.status === 'succeeded') next.percent = 100;
  if (event.status === 'failed') {
    next.error = { message: 'Run failed', ...event.error };
    if (next.error.phase === undefined && prev.phase !== undefined) next.error.phase = prev.phase;
  }
  const closing = closingState(event.status);
  next.steps = prev.steps.map((s) =>
    s.state === 'running' ? { ...s, state: closing, endedAt: s.endedAt ?? event.time } : s,
  );
  return next;
}

function closingState(status: RunStatus): StepState {
  if (status === 'succeeded') return 'done';
  return status === 'failed' ? 'failed' : 'skipped';
}

function startIfQueued(next: RunSnapshot, time: string): void {
  if (next.status !== 'queued') return;
  next.status = 'running';
  next.startedAt ??= time;
}

function stampSteps(before: readonly Step[], after: readonly Step[], time: string): Step[] {
  const previous = new Map(before.map((s) => [s.key, s]));
  return after.map((step) => {
    const prev = previous.get(step.key);
    const out: Step = { ...step };
    if (out.label === undefined && prev?.label !== undefined) out.label = prev.label;
    if (step.state === 'waiting') return out;
    out.startedAt ??= prev?.startedAt ?? time;
    if (step.state !== 'running') out.endedAt ??= prev?.endedAt ?? time;
    return out;
  });
}

function setOrDelete<K extends keyof RunSnapshot>(target: RunSnapshot, key: K, value: RunSnapshot[K] | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

function withOptional<T extends object, K extends string, V>(base: T, key: K, value: V | undefined): T & Partial<Record<K, V>> {
  return value === undefined ? base : { ...base, [key]: value };
}
