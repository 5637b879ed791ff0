/**
 * What `<run-progress>` shows, computed from the feed state outside of `render()`: the
 * element renders these plain values and nothing else. Split in two so a clock tick only
 * recomputes the time-dependent part.
 * @module
 */
import {
  isTerminalStatus,
  type RunSnapshot,
  type RunStatus,
  type Step,
  type StepState,
} from '../../../contract/index.js';
import type { ConnectionInfo, RunFeedState } from '../../../feed/types.js';
import { estimateEta, parseTime, roundRemaining } from '../../shared/eta.js';
import type { Formatters } from '../../shared/formatters.js';
import { resolveLabel, type LabelMap } from '../../shared/phase-label.js';
import type { RunProgressStrings } from './strings.js';

/**
 * A step's state as the checklist shows it. Once a run has ended, the contract's states
 * would mislead: the step a cancelled run was on was not skipped by choice (`cancelled`),
 * and a step still waiting will never run (`not-run`).
 */
export type ShownStepState = StepState | 'cancelled' | 'not-run';

/** One row of the checklist. */
export interface StepView {
  key: string;
  label: string;
  state: ShownStepState;
  stateText: string;
  /** How long the step took, once it ended. */
  durationText?: string | undefined;
  /** The step this row was made from (to tell whether it changed). */
  source: Step;
}

/** The part of the view that changes only when the run, labels, words or locale change. */
export interface RunView {
  status: RunStatus;
  statusText: string;
  phaseKey?: string | undefined;
  phaseText?: string | undefined;
  message?: string | undefined;
  /** "Step 3 of 7" when the run has steps. */
  stepText?: string | undefined;
  steps: StepView[];
  /** On failure: the heading (with the phase) and the error message. */
  errorHeading?: string | undefined;
  errorMessage?: string | undefined;
}

/** Builds the {@link RunView}. */
export function buildRunView(
  run: RunSnapshot,
  labels: LabelMap | undefined,
  t: RunProgressStrings,
  fmt: Formatters,
  previous?: { run: RunSnapshot; view: RunView },
): RunView {
  // A succeeded run is no longer "Exporting reports…": its last phase would read as still going.
  const phaseText =
    run.status === 'succeeded'
      ? t.completed
      : run.phase === undefined
        ? undefined
        : resolveLabel(run.phase, labels, run.phaseLabel);
  // The fold keeps the steps array when an event does not touch it (most progress ticks):
  // reuse its rows then, so a run with many steps costs nothing per tick.
  const steps =
    previous && previous.run.steps === run.steps && previous.run.status === run.status
      ? previous.view.steps
      : stepViews(run, labels, t, fmt, previous?.view.steps);
  const view: RunView = {
    status: run.status,
    statusText: t.status[run.status],
    phaseKey: run.phase,
    phaseText,
    message: run.message,
    steps,
  };
  const current = currentStepNumber(run);
  if (current !== undefined && run.status !== 'succeeded') {
    const stepOf = run.status === 'failed' ? t.failedAtStep : run.status === 'cancelled' ? t.cancelledAtStep : t.stepOf;
    view.stepText = stepOf(fmt.integer(current), fmt.integer(run.steps.length));
  }
  if (run.status === 'failed') {
    const phase = run.error?.phase;
    view.errorHeading =
      phase === undefined
        ? t.failed
        : t.failedIn(resolveLabel(phase, labels, phase === run.phase ? run.phaseLabel : undefined));
    view.errorMessage = run.error?.message;
  }
  return view;
}

function stepViews(
  run: RunSnapshot,
  labels: LabelMap | undefined,
  t: RunProgressStrings,
  fmt: Formatters,
  previous: readonly StepView[] | undefined,
): StepView[] {
  // Producers often resend the whole checklist with each progress event; rows whose step
  // did not change keep their view (formatting a duration is the costly part).
  const before = new Map(previous?.map((view) => [view.key, view]));
  const ended = isTerminalStatus(run.status);
  const endedAt = parseTime(run.endedAt);
  const rows = run.steps.map((step): StepView => {
    const old = before.get(step.key);
    const state = shownState(step, run.status, endedAt);
    if (
      old &&
      old.state === state &&
      old.source.state === step.state &&
      old.source.label === step.label &&
      old.source.startedAt === step.startedAt &&
      old.source.endedAt === step.endedAt
    ) {
      return old;
    }
    const start = parseTime(step.startedAt);
    const end = parseTime(step.endedAt);
    const finished = ended || step.state === 'done' || step.state === 'failed' || step.state === 'skipped';
    return {
      key: step.key,
      label: resolveLabel(step.key, labels, step.label),
      state,
      stateText: t.stepStates[state],
      durationText:
        finished && start !== undefined && end !== undefined ? durationText(end - start, t, fmt) : undefined,
      source: step,
    };
  });
  // Nothing changed: hand back the same array so the checklist is not even diffed.
  const same = previous && previous.length === rows.length && rows.every((row, i) => row === previous[i]);
  return same ? (previous as StepView[]) : rows;
}

/**
 * How a step shows once its run ended. The fold closes a cancelled run's running step as
 * `skipped`, stamped with the cancel time: that one is the step the run was on, not one the
 * producer chose to skip.
 */
function shownState(step: Step, status: RunStatus, endedAt: number | undefined): ShownStepState {
  if (!isTerminalStatus(status)) return step.state;
  if (step.state === 'waiting') return 'not-run';
  if (
    status === 'cancelled' &&
    step.state === 'skipped' &&
    endedAt !== undefined &&
    parseTime(step.endedAt) === endedAt
  ) {
    return 'cancelled';
  }
  return step.state;
}

/** A duration in words; below a second, "under 1 sec" (a zero duration formats as nothing). */
export function durationText(ms: number, t: RunProgressStrings, fmt: Formatters): string {
  return ms < 1000 ? t.under(fmt.duration(1000)) : fmt.duration(ms);
}

/**
 * The 1-based number of the step the run is on: the first running step, else the first
 * waiting one, else the last; `undefined` without steps. A failed run is on its failed
 * step, a cancelled one on the step it was cancelled in (else the first that did not run).
 */
export function currentStepNumber(run: RunSnapshot): number | undefined {
  const total = run.steps.length;
  if (total === 0) return undefined;
  const running = run.steps.findIndex((s) => s.state === 'running');
  if (running >= 0) return running + 1;
  if (run.status === 'failed' || run.status === 'cancelled') {
    const endedAt = parseTime(run.endedAt);
    const at = run.steps.findIndex((s) => {
      const shown = shownState(s, run.status, endedAt);
      return shown === 'failed' || shown === 'cancelled';
    });
    if (at >= 0) return at + 1;
    const notRun = run.steps.findIndex((s) => s.state === 'waiting');
    if (notRun >= 0) return notRun + 1;
  }
  if (isTerminalStatus(run.status)) return total;
  const waiting = run.steps.findIndex((s) => s.state === 'waiting');
  return waiting >= 0 ? waiting + 1 : total;
}

/** The connection indicator. `kind` styles it; `text` says it. */
export interface ConnectionView {
  kind: 'idle' | 'connecting' | 'live' | 'polling' | 'reconnecting' | 'offline' | 'unauthorized' | 'stopped';
  text: string;
}

/** The part of the view that moves with the clock. */
export interface TimeView {
  elapsedText?: string | undefined;
  remainingText?: string | undefined;
  /** The run is past its usual (or announced) time. */
  overdue: boolean;
  /** Per-step estimate texts by key. */
  stepEta: ReadonlyMap<string, string>;
  stalledText?: string | undefined;
  /** `undefined` when there is nothing worth saying (the run ended and the feed stopped). */
  connection?: ConnectionView | undefined;
}

/** Inputs of {@link buildTimeView}. */
export interface TimeInput {
  state: RunFeedState;
  now: number;
  stallAfterMs: number;
  t: RunProgressStrings;
  fmt: Formatters;
  /** The last time view, whose parts are reused when unchanged. */
  previous?: TimeView | undefined;
}

/** Builds the {@link TimeView}. */
export function buildTimeView({ state, now, stallAfterMs, t, fmt, previous }: TimeInput): TimeView {
  const run = state.run;
  const view: TimeView = { overdue: false, stepEta: new Map(), connection: connectionView(state, now, t, fmt) };
  if (!run) return view;
  const started = parseTime(run.startedAt);
  if (run.status === 'queued') {
    // A wall-clock time rather than a growing duration: no timer for queued runs.
    const created = parseTime(run.createdAt);
    if (created !== undefined) view.elapsedText = t.queuedSince(fmt.time(created));
  } else if (started !== undefined) {
    const ended = isTerminalStatus(run.status);
    const end = ended ? (parseTime(run.endedAt) ?? now) : now;
    const duration = durationText(Math.max(0, end - started), t, fmt);
    view.elapsedText = ended ? t.took(duration) : t.elapsed(duration);
  }
  if (run.status !== 'running') return view;

  // `> 0` also rejects NaN from a malformed stall-after attribute: no warning beats a wrong one.
  const stalled = stallAfterMs > 0 && state.lastEventAt !== undefined && now - state.lastEventAt >= stallAfterMs;
  // While nothing arrives the run may not be moving at all: a countdown would promise an end
  // the run gives no sign of. The estimate holds where it stood when the stall began.
  const etaNow = stalled && state.lastEventAt !== undefined ? state.lastEventAt + stallAfterMs : now;
  const eta = estimateEta({
    now: etaNow,
    status: run.status,
    startedAt: started,
    percent: run.percent,
    etaMs: run.etaMs,
    etaAt: parseTime(run.etaAt),
    steps: run.steps,
    estimate: run.estimate,
  });
  view.overdue = eta.overdue;
  if (eta.remainingMs !== undefined && !eta.overdue)
    view.remainingText = t.remaining(fmt.duration(roundRemaining(eta.remainingMs)));
  const stepEta = new Map<string, string>();
  for (const [key, step] of eta.steps) {
    if (step.overdue) stepEta.set(key, t.longerThanUsual);
    else if (step.remainingMs === undefined) continue;
    else if (step.running) stepEta.set(key, t.stepRemaining(fmt.duration(roundRemaining(step.remainingMs))));
    else stepEta.set(key, t.stepTypical(fmt.duration(roundRemaining(step.remainingMs))));
  }
  // Same texts as last tick: keep the same map so the checklist's render is skipped.
  view.stepEta = previous && sameEntries(previous.stepEta, stepEta) ? previous.stepEta : stepEta;

  if (stalled && state.lastEventAt !== undefined) {
    view.stalledText = t.stalled(fmt.duration(now - state.lastEventAt));
  }
  return view;
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/** The connection indicator's state and words. */
export function connectionView(
  state: RunFeedState,
  now: number,
  t: RunProgressStrings,
  fmt: Formatters,
): ConnectionView | undefined {
  const c: ConnectionInfo = state.connection;
  const words = t.connection;
  switch (c.status) {
    case 'idle':
      return { kind: 'idle', text: words.idle };
    case 'connecting':
      return { kind: 'connecting', text: words.connecting };
    case 'live':
      // Once the run has ended the connection no longer matters to the reader.
      if (state.run && isTerminalStatus(state.run.status)) return undefined;
      if (c.transport === 'polling') return { kind: 'polling', text: words.polling };
      return { kind: 'live', text: words.live(c.transport ? t.transports[c.transport] : '') };
    case 'reconnecting': {
      const wait = c.nextRetryAt === undefined ? 0 : c.nextRetryAt - now;
      // Whole seconds, rounded up: "in 0 s" would read as a lie while still waiting.
      const text = wait > 0 ? words.reconnectingIn(fmt.duration(Math.ceil(wait / 1000) * 1000)) : words.reconnecting;
      return { kind: 'reconnecting', text };
    }
    case 'offline':
      return { kind: 'offline', text: words.offline };
    case 'unauthorized':
      return { kind: 'unauthorized', text: words.unauthorized };
    case 'stopped':
      // A finished run's feed stops by design: nothing to warn about.
      if (state.run && isTerminalStatus(state.run.status)) return undefined;
      return { kind: 'stopped', text: words.stopped };
  }
}

/** Whether anything on screen changes with the clock alone (so the element must tick). */
export function needsClock(state: RunFeedState | undefined): boolean {
  if (!state) return false;
  return state.run?.status === 'running' || state.connection.status === 'reconnecting';
}
