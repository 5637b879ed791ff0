/**
 * Which rules of the fold (`applyEvent`, src/contract/fold.ts) a sequence exercises, so
 * the randomized fold check can show that its sequences cover every event kind and edge
 * case rather than hope they do.
 * @module
 */
import {
  applyEvent,
  initialSnapshot,
  isTerminalStatus,
  type RunEvent,
  type RunEventInput,
} from '../../src/contract/index.js';
import type { RandomSequence } from './random-sequences.js';

/** Every rule the fold check must exercise. */
export const FOLD_RULES = [
  'init: kind',
  'init: title',
  'init: steps',
  'init: step with a label',
  'init: step without a label',
  'run: no events',
  'run: never ends',
  'progress',
  'log',
  'status: queued while queued',
  'status: running',
  'status: running again keeps startedAt',
  'status: succeeded',
  'status: failed',
  'status: cancelled',
  'start: a log starts a queued run',
  'start: a progress starts a queued run',
  'phase: label given',
  'phase: label kept (same phase)',
  'phase: label cleared (new phase)',
  'percent: set',
  'percent: cleared',
  'message: set',
  'message: cleared',
  'eta: set',
  'eta: cleared',
  'steps: replaced',
  'steps: key added',
  'steps: key dropped',
  'steps: label kept',
  'steps: label replaced',
  'steps: waiting',
  'steps: startedAt stamped',
  'steps: startedAt kept from before',
  'steps: startedAt given',
  'steps: endedAt stamped',
  'steps: endedAt given',
  'log: phase filled in',
  'log: phase given',
  'terminal: closes running steps',
  'terminal: clears eta',
  'succeeded: percent 100',
  'failed: no error',
  'failed: error code',
  'failed: error phase given',
  'failed: error phase from the run',
] as const;

/** One of {@link FOLD_RULES}. */
export type FoldRule = (typeof FOLD_RULES)[number];

/**
 * The rules `sequence` exercises, found by folding it with made-up times (each event one
 * second after the one before; the rules do not depend on the times).
 */
export function rulesOf(sequence: RandomSequence): Set<FoldRule> {
  const rules = new Set<FoldRule>();
  const { init, events } = sequence;
  if (init.kind !== undefined) rules.add('init: kind');
  if (init.title !== undefined) rules.add('init: title');
  if (init.steps && init.steps.length > 0) rules.add('init: steps');
  if (init.steps?.some((s) => s.label !== undefined)) rules.add('init: step with a label');
  if (init.steps?.some((s) => s.label === undefined)) rules.add('init: step without a label');
  if (events.length === 0) rules.add('run: no events');
  let snapshot = initialSnapshot({ ...init, createdAt: new Date(0).toISOString() });
  for (const [i, input] of events.entries()) {
    const event = { ...input, seq: i + 1, time: input.time ?? new Date((i + 1) * 1000).toISOString() } as RunEvent;
    tag(rules, snapshot, input);
    snapshot = applyEvent(snapshot, event);
  }
  if (!isTerminalStatus(snapshot.status)) rules.add('run: never ends');
  return rules;
}

function tag(rules: Set<FoldRule>, before: ReturnType<typeof initialSnapshot>, input: RunEventInput): void {
  const queued = before.status === 'queued';
  switch (input.type) {
    case 'log':
      rules.add('log');
      if (queued) rules.add('start: a log starts a queued run');
      rules.add(input.phase === undefined ? 'log: phase filled in' : 'log: phase given');
      return;
    case 'progress': {
      rules.add('progress');
      if (queued) rules.add('start: a progress starts a queued run');
      if (input.label !== undefined) rules.add('phase: label given');
      else if (before.phaseLabel !== undefined) {
        rules.add(input.phase === before.phase ? 'phase: label kept (same phase)' : 'phase: label cleared (new phase)');
      }
      for (const [field, set, cleared] of [
        ['percent', 'percent: set', 'percent: cleared'],
        ['message', 'message: set', 'message: cleared'],
        ['etaMs', 'eta: set', 'eta: cleared'],
      ] as const) {
        if (input[field] !== undefined) rules.add(set);
        else if (before[field] !== undefined) rules.add(cleared);
      }
      if (input.steps) tagSteps(rules, before, input.steps);
      return;
    }
    case 'status':
      rules.add(statusRule(input.status));
      if (input.status === 'running' && before.startedAt !== undefined)
        rules.add('status: running again keeps startedAt');
      if (!isTerminalStatus(input.status)) return;
      if (before.steps.some((s) => s.state === 'running')) rules.add('terminal: closes running steps');
      if (before.etaMs !== undefined) rules.add('terminal: clears eta');
      if (input.status === 'succeeded') rules.add('succeeded: percent 100');
      if (input.status === 'failed') {
        if (!input.error) rules.add('failed: no error');
        if (input.error?.code !== undefined) rules.add('failed: error code');
        if (input.error?.phase !== undefined) rules.add('failed: error phase given');
        else if (before.phase !== undefined) rules.add('failed: error phase from the run');
      }
      return;
  }
}

function statusRule(status: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'queued'): FoldRule {
  return status === 'queued' ? 'status: queued while queued' : `status: ${status}`;
}

function tagSteps(
  rules: Set<FoldRule>,
  before: ReturnType<typeof initialSnapshot>,
  steps: NonNullable<Extract<RunEventInput, { type: 'progress' }>['steps']>,
): void {
  rules.add('steps: replaced');
  const previous = new Map(before.steps.map((s) => [s.key, s]));
  const keys = new Set(steps.map((s) => s.key));
  if (before.steps.some((s) => !keys.has(s.key))) rules.add('steps: key dropped');
  for (const step of steps) {
    const prev = previous.get(step.key);
    if (!prev) rules.add('steps: key added');
    if (step.label === undefined && prev?.label !== undefined) rules.add('steps: label kept');
    if (step.label !== undefined && prev?.label !== undefined && step.label !== prev.label) {
      rules.add('steps: label replaced');
    }
    if (step.state === 'waiting') {
      rules.add('steps: waiting');
      continue;
    }
    if (step.startedAt !== undefined) rules.add('steps: startedAt given');
    else rules.add(prev?.startedAt !== undefined ? 'steps: startedAt kept from before' : 'steps: startedAt stamped');
    if (step.state === 'running') continue;
    if (step.endedAt !== undefined) rules.add('steps: endedAt given');
    else if (prev?.endedAt === undefined) rules.add('steps: endedAt stamped');
  }
}

/** The rules of {@link FOLD_RULES} that none of `sequences` exercises. */
export function uncoveredRules(sequences: readonly RandomSequence[]): FoldRule[] {
  const seen = new Set<FoldRule>();
  for (const sequence of sequences) for (const rule of rulesOf(sequence)) seen.add(rule);
  return FOLD_RULES.filter((rule) => !seen.has(rule));
}
