/**
 * The adapter's own account of one run: it turns {@link RunUpdate}s into contract events
 * with a `seq` it assigns (the backend sends none), keeps a bounded history for gap
 * filling and the log tail, and drops replayed messages by key. The seq is local to this
 * page's client: it is consistent across reconnects because this object outlives them.
 * @module
 */
import * as v from 'valibot';
import { applyEvent, initialSnapshot } from '../contract/fold.js';
import { RunEventSchema } from '../contract/schemas.js';
import { shapeOf } from '../contract/shape.js';
import type { LogEvent, RunEvent, RunSnapshot, Step } from '../contract/types.js';
import { isTerminalStatus } from '../contract/vocabulary.js';
import type { MalformedMessage } from '../transports/errors.js';
import type { BackendTime, RunUpdate } from './types.js';

/** An event before it is given its seq, and its time when the backend gave none. */
type Draft = { type: 'progress' | 'log' | 'status'; time?: BackendTime | undefined } & Record<string, unknown>;

const DEFAULT_PHASE = 'working';

/** One run as the adapter knows it. */
export class AdapterRun {
  #snapshot: RunSnapshot;
  #history: RunEvent[] = [];
  #logs: LogEvent[] = [];
  #seen = new Set<string>();
  readonly #listeners = new Set<(events: RunEvent[]) => void>();

  constructor(
    readonly runId: string,
    now: number,
    private readonly historyLimit: number,
  ) {
    this.#snapshot = initialSnapshot({ id: runId, createdAt: new Date(now).toISOString() });
  }

  get snapshot(): RunSnapshot {
    return this.#snapshot;
  }

  get seq(): number {
    return this.#snapshot.seq;
  }

  /** Events after `after`, or `undefined` when some of them are no longer kept. */
  eventsAfter(after: number): RunEvent[] | undefined {
    if (after >= this.seq) return [];
    const first = this.#history[0]?.seq ?? this.seq + 1;
    if (after + 1 < first) return undefined;
    return this.#history.slice(after + 1 - first);
  }

  /** The last `count` log lines. */
  logTail(count: number): LogEvent[] {
    return count > 0 ? this.#logs.slice(-count) : [];
  }

  /** Calls `listener` with the events each later update produces; returns the unsubscribe function. */
  listen(listener: (events: RunEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Folds an update in: emits the events that take the known run to the state the
   * update describes (nothing when it says nothing new). Returns what was wrong with
   * events that fail the contract (they are skipped, not thrown).
   */
  ingest(update: RunUpdate, now: number): MalformedMessage[] {
    if (isTerminalStatus(this.#snapshot.status)) return [];
    if (update.key !== undefined) {
      if (this.#seen.has(update.key)) return [];
      this.#seen.add(update.key);
      // Bounded: a replay older than this many messages would come through again.
      if (this.#seen.size > this.historyLimit) this.#seen.delete(this.#seen.values().next().value as string);
    }
    const time = new Date(now).toISOString();
    const problems: MalformedMessage[] = [];
    const events: RunEvent[] = [];
    for (const draft of diff(this.#snapshot, update)) {
      const own = draft.time === undefined ? time : isoTime(draft.time);
      if (own === undefined)
        problems.push({
          message: 'adapter update has a time that is not a date; the arrival time is used',
          shape: shapeOf(draft.time),
        });
      const parsed = v.safeParse(RunEventSchema, { ...draft, seq: this.seq + 1, time: own ?? time });
      if (!parsed.success) {
        problems.push({
          message: `adapter update does not fit the contract: ${parsed.issues[0].message}`,
          shape: shapeOf(draft),
        });
        continue;
      }
      const event = parsed.output;
      this.#snapshot = applyEvent(this.#snapshot, event);
      this.#history.push(event);
      if (event.type === 'log') this.#logs.push(event);
      events.push(event);
    }
    // Trim in bulk, not per event, so a long run costs O(1) amortised per event.
    if (this.#history.length > this.historyLimit * 1.5)
      this.#history.splice(0, this.#history.length - this.historyLimit);
    if (this.#logs.length > this.historyLimit * 1.5) this.#logs.splice(0, this.#logs.length - this.historyLimit);
    if (events.length > 0) for (const listener of [...this.#listeners]) listener(events);
    return problems;
  }
}

/** The events that take `run` to what `update` says, in an order the fold accepts. */
function diff(run: RunSnapshot, update: RunUpdate): Draft[] {
  const drafts: Draft[] = [];
  const status = update.status;
  // The fold takes a run's start from the event that starts it: a `running` status at
  // the backend's start time, first, gives the snapshot that start.
  if (update.startedAt !== undefined && run.startedAt === undefined && status !== 'queued')
    drafts.push({ type: 'status', status: 'running', time: update.startedAt });
  const starting = drafts.length > 0 && (status === undefined || status === 'running');
  if (!starting && status !== undefined && status !== run.status && !isTerminalStatus(status) && status !== 'queued')
    drafts.push({ type: 'status', status });
  // A progress event starts a queued run (the fold's rule): a queued run's "0 %" is no start.
  const queued = (status ?? run.status) === 'queued';
  const phase = update.phase ?? run.phase ?? (hasProgress(update) && !queued ? DEFAULT_PHASE : undefined);
  if (phase !== undefined) {
    const next = {
      phase,
      label: update.label ?? (phase === run.phase ? run.phaseLabel : undefined),
      percent: 'percent' in update ? update.percent : run.percent,
      message: 'message' in update ? update.message : run.message,
      etaMs: 'etaMs' in update ? update.etaMs : run.etaMs,
    };
    const stepsChanged = update.steps !== undefined && !sameSteps(update.steps, run.steps);
    const changed =
      stepsChanged ||
      next.phase !== run.phase ||
      next.label !== run.phaseLabel ||
      next.percent !== run.percent ||
      next.message !== run.message ||
      next.etaMs !== run.etaMs;
    if (changed) drafts.push(defined({ type: 'progress', ...next, steps: stepsChanged ? update.steps : undefined }));
  }
  for (const line of update.logs ?? []) {
    drafts.push(defined({ type: 'log', ...(typeof line === 'string' ? { text: line } : line) }));
  }
  if (status !== undefined && status !== run.status && isTerminalStatus(status))
    drafts.push(defined({ type: 'status', status, error: update.error }));
  return drafts;
}

function hasProgress(update: RunUpdate): boolean {
  return update.percent !== undefined || update.message !== undefined || update.steps !== undefined;
}

function sameSteps(a: readonly Step[], b: readonly Step[]): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => s.key === b[i]?.key && s.state === b[i]?.state && s.label === b[i]?.label)
  );
}

/** `time` as an ISO string, or `undefined` when it is not a date. */
function isoTime(time: BackendTime): string | undefined {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Drops `undefined` fields: the contract's optional fields are absent, never `undefined`. */
function defined<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}
