/**
 * Unknown JSON in, a typed value or a precise error out. Never throws.
 *
 * The cost of refusing a value is bounded, not proportional to how wrong it is: at most
 * {@link MAX_ISSUES} issues are reported, and the work spent finding them is bounded too
 * (issue 13: one invalid 4 MB body once produced 1.56 million issues, a 90 MB answer and
 * 19 s of a blocked server).
 * @module
 */
import * as v from 'valibot';
import { MAX_BATCH, MAX_ISSUES, MAX_TIME_AHEAD_MS, MAX_TIME_BEHIND_MS } from './limits.js';
import { RunEventInputSchema } from './schemas.js';
import type { RunEventInput } from './types.js';

/** One reason a value does not fit its schema, located by JSON pointer (RFC 6901). */
export interface ValidationIssue {
  /** Where in the value, e.g. `/events/3/percent`; `` for the value itself. */
  pointer: string;
  message: string;
}

/** The outcome of {@link validate}: on failure, 1 to {@link MAX_ISSUES} issues. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Options of {@link validateAppendBody}. */
export interface AppendBodyOptions {
  /**
   * The server's clock. When given, producer times must lie within
   * {@link MAX_TIME_BEHIND_MS} before it and {@link MAX_TIME_AHEAD_MS} after it.
   */
  now?: Date | undefined;
}

/**
 * Inputs of up to this many JSON values get every issue (up to {@link MAX_ISSUES});
 * larger ones get the first issue only. Valibot cannot stop after N issues, only after
 * the first (`abortEarly`), and creating an issue costs microseconds (message, path), so
 * a full report is only affordable where the number of issues is small by construction.
 */
const FULL_REPORT_VALUES = 1_000;

const escapePointer = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

function pointerOf(issue: v.BaseIssue<unknown>, prefix: string): string {
  let out = prefix;
  for (const item of issue.path ?? []) out += '/' + escapePointer(String(item.key));
  return out;
}

function describe(issue: v.BaseIssue<unknown>): string {
  // Valibot words unknown keys in strict objects as `Invalid key: Expected never`, and a
  // required key that is absent as `Invalid key: Expected "phase" but received undefined`
  // (an issue of the object, not of the key's schema, so it is no type error).
  if (issue.expected === 'never') return 'unknown field';
  if (OBJECT_TYPES.has(issue.type) && issue.received === 'undefined') return 'missing required field';
  return issue.message;
}

const OBJECT_TYPES = new Set(['strict_object', 'object', 'loose_object']);

/** Whether `value` is at most `budget` JSON values (it stops counting there). */
function isSmall(value: unknown, budget: number): boolean {
  let left = budget;
  const visit = (node: unknown): boolean => {
    if (--left < 0) return false;
    if (Array.isArray(node)) {
      if (node.length > left) return false;
      for (const item of node) if (!visit(item)) return false;
    } else if (typeof node === 'object' && node !== null) {
      for (const key in node) if (!visit((node as Record<string, unknown>)[key])) return false;
    }
    return true;
  };
  return visit(value);
}

function check<S extends v.GenericSchema>(schema: S, input: unknown, prefix: string): Validated<v.InferOutput<S>> {
  // abortEarly first: a valid value costs one ordinary pass, an invalid one stops at its
  // first issue instead of collecting all of them.
  const first = v.safeParse(schema, input, { abortEarly: true });
  if (first.success) return { ok: true, value: first.output };
  const issues = (isSmall(input, FULL_REPORT_VALUES) ? v.safeParse(schema, input).issues : undefined) ?? first.issues;
  return {
    ok: false,
    issues: issues.slice(0, MAX_ISSUES).map((i) => ({ pointer: pointerOf(i, prefix), message: describe(i) })),
  };
}

/**
 * Checks `input` against `schema`: the typed value, or up to {@link MAX_ISSUES} issues
 * with their locations (every issue of a small value; the first one of a value of more
 * than a thousand JSON values).
 */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown): Validated<v.InferOutput<S>> {
  return check(schema, input, '');
}

/** A batch's envelope; its events are checked one by one (see {@link validateAppendBody}). */
const BatchEnvelopeSchema = v.strictObject({ events: v.pipe(v.array(v.unknown()), v.minLength(1)) });

/**
 * Validates an append body as a batch when it has an `events` field and as one event
 * otherwise, so errors point into the form the producer meant (a plain union would
 * report both readings). Always answers a list of events.
 *
 * A batch's length is checked before its events (valibot would check every item of a
 * million-item array first), then its events one at a time until {@link MAX_ISSUES}
 * issues are found. With `options.now`, producer times outside the window of
 * {@link MAX_TIME_BEHIND_MS} before and {@link MAX_TIME_AHEAD_MS} after it are issues.
 */
export function validateAppendBody(input: unknown, options: AppendBodyOptions = {}): Validated<RunEventInput[]> {
  let events: RunEventInput[];
  let prefixOf: (index: number) => string;
  if (typeof input === 'object' && input !== null && 'events' in input) {
    const batch = validateBatch(input);
    if (!batch.ok) return batch;
    events = batch.value;
    prefixOf = (index) => `/events/${index}`;
  } else {
    const one = check(RunEventInputSchema, input, '');
    if (!one.ok) return one;
    events = [one.value];
    prefixOf = () => '';
  }
  const late = options.now === undefined ? [] : timeIssues(events, options.now, prefixOf);
  return late.length === 0 ? { ok: true, value: events } : { ok: false, issues: late };
}

function validateBatch(input: object): Validated<RunEventInput[]> {
  const raw = (input as { events: unknown }).events;
  if (Array.isArray(raw) && raw.length > MAX_BATCH) {
    return {
      ok: false,
      issues: [{ pointer: '/events', message: `Invalid length: Expected <=${MAX_BATCH} but received ${raw.length}` }],
    };
  }
  const envelope = check(BatchEnvelopeSchema, input, '');
  if (!envelope.ok) return envelope;
  const events: RunEventInput[] = [];
  const issues: ValidationIssue[] = [];
  for (const [index, item] of envelope.value.events.entries()) {
    const one = check(RunEventInputSchema, item, `/events/${index}`);
    if (one.ok) events.push(one.value);
    else issues.push(...one.issues.slice(0, MAX_ISSUES - issues.length));
    if (issues.length >= MAX_ISSUES) break;
  }
  return issues.length === 0 ? { ok: true, value: events } : { ok: false, issues };
}

/** Producer times outside the window around `now`, at most {@link MAX_ISSUES}. */
function timeIssues(
  events: readonly RunEventInput[],
  now: Date,
  prefixOf: (index: number) => string,
): ValidationIssue[] {
  const earliest = now.getTime() - MAX_TIME_BEHIND_MS;
  const latest = now.getTime() + MAX_TIME_AHEAD_MS;
  const message =
    `must lie between ${new Date(earliest).toISOString()} and ${new Date(latest).toISOString()} ` +
    `(${MAX_TIME_BEHIND_MS / 86_400_000} days before to ${MAX_TIME_AHEAD_MS / 60_000} minutes after the server's clock)`;
  const issues: ValidationIssue[] = [];
  const visit = (time: string | undefined, pointer: string) => {
    if (time === undefined || issues.length >= MAX_ISSUES) return;
    const ms = Date.parse(time);
    // NaN (a date the schema's pattern lets through but Date cannot read) fails too.
    if (!(ms >= earliest && ms <= latest)) issues.push({ pointer, message });
  };
  for (const [index, event] of events.entries()) {
    const prefix = prefixOf(index);
    visit(event.time, `${prefix}/time`);
    if (event.type !== 'progress') continue;
    for (const [i, step] of (event.steps ?? []).entries()) {
      visit(step.startedAt, `${prefix}/steps/${i}/startedAt`);
      visit(step.endedAt, `${prefix}/steps/${i}/endedAt`);
    }
  }
  return issues;
}

export { shapeOf } from './shape.js';
