/**
 * Helpers that write timelines for the scenarios: a run walks through phases, each with
 * progress ticks and log lines spread over its duration. Everything is a pure function of
 * its arguments, so a scenario is the same data on every call.
 * @module
 */
import type { LogEvent, Step } from '../../src/contract/index.js';
import type { ScriptEvent, TimelineEntry } from '../script.js';

/** One phase of a scripted run. */
export interface PhaseScript {
  key: string;
  /** The step's label (the checklist) and the phase label (the headline). */
  label: string;
  /** Scripted duration of the phase. */
  ms: number;
  /** Log lines written evenly over the phase. */
  lines: ReadonlyArray<string | { text: string; level?: LogEvent['level']; stream?: LogEvent['stream'] }>;
  /** Progress messages, one per progress tick (cycled). */
  messages?: readonly string[] | undefined;
}

/** How far a scripted run goes. */
export interface WalkOptions {
  /** Stop inside phase `phase` (index) at `percent` of it, leaving the run running there. */
  stopIn?: { phase: number; percent: number } | undefined;
  /** How the run ends after its last phase (or at `stopIn`, for failed/cancelled). */
  end?:
    | { status: 'succeeded' }
    | { status: 'cancelled' }
    | { status: 'failed'; message: string; code?: string }
    | undefined;
  /** Progress ticks per phase (default 5). */
  ticks?: number | undefined;
  /** Scripted ms the run waits queued before it starts (default 300). */
  queuedMs?: number | undefined;
}

/** The checklist of `phases` with phase `current` running and the earlier ones done. */
export function checklist(phases: readonly PhaseScript[], current: number, state: Step['state'] = 'running'): Step[] {
  return phases.map((p, i) => ({
    key: p.key,
    label: p.label,
    state: i < current ? 'done' : i === current ? state : 'waiting',
  }));
}

/** The run's steps as `POST /runs` creates them. */
export function stepsOf(phases: readonly PhaseScript[]): Array<{ key: string; label: string }> {
  return phases.map((p) => ({ key: p.key, label: p.label }));
}

/**
 * A run that is queued, starts, walks `phases` (progress ticks with overall percent and
 * ETA, log lines in between), then ends as `end` says or stays where `stopIn` leaves it.
 */
export function walkPhases(phases: readonly PhaseScript[], options: WalkOptions = {}): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const push = (at: number, event: ScriptEvent) => out.push({ at: Math.round(at), event });
  const ticks = options.ticks ?? 5;
  const total = phases.reduce((sum, p) => sum + p.ms, 0);
  let at = options.queuedMs ?? 300;
  push(0, { type: 'status', status: 'queued' });
  push(at, { type: 'status', status: 'running' });
  let done = 0;
  for (const [index, phase] of phases.entries()) {
    const stopAt = options.stopIn?.phase === index ? options.stopIn.percent / 100 : undefined;
    const entries: Array<{ fraction: number; event: ScriptEvent }> = [];
    for (let t = 0; t < ticks; t += 1) {
      const fraction = t / ticks;
      const overall = ((done + phase.ms * fraction) / total) * 100;
      const messages = phase.messages ?? [];
      const message = messages.length > 0 ? messages[t % messages.length] : undefined;
      entries.push({
        fraction,
        event: {
          type: 'progress',
          phase: phase.key,
          label: phase.label,
          percent: Math.round(overall * 10) / 10,
          ...(message === undefined ? {} : { message }),
          etaMs: Math.round(total - done - phase.ms * fraction),
          steps: checklist(phases, index),
        },
      });
    }
    phase.lines.forEach((line, i) => {
      const item = typeof line === 'string' ? { text: line } : line;
      entries.push({ fraction: (i + 0.5) / phase.lines.length, event: { type: 'log', phase: phase.key, ...item } });
    });
    entries.sort((a, b) => a.fraction - b.fraction);
    for (const entry of entries) {
      if (stopAt !== undefined && entry.fraction > stopAt) break;
      push(at + phase.ms * entry.fraction, entry.event);
    }
    if (stopAt !== undefined) {
      at += phase.ms * stopAt;
      break;
    }
    at += phase.ms;
    done += phase.ms;
  }
  const end = options.end;
  if (end?.status === 'failed') {
    push(at, { type: 'log', text: end.message, level: 'error', stream: 'stderr' });
    push(at + 50, {
      type: 'status',
      status: 'failed',
      error: { message: end.message, ...(end.code ? { code: end.code } : {}) },
    });
  } else if (end) push(at + 50, { type: 'status', status: end.status });
  return out;
}

/** Per-step estimates matching `phases` (what earlier runs of the kind took). */
export function estimateOf(phases: readonly PhaseScript[]) {
  const stepsMs: Record<string, number> = {};
  for (const p of phases) stepsMs[p.key] = p.ms;
  return { basedOn: 12, stepsMs, totalMs: phases.reduce((sum, p) => sum + p.ms, 0) };
}
