/**
 * Unknown JSON in, a typed value or a precise error out. Never throws.
 * @module
 */
import * as v from 'valibot';
import { AppendBatchSchema, RunEventInputSchema } from './schemas.js';
import type { RunEventInput } from './types.js';

/** One reason a value does not fit its schema, located by JSON pointer (RFC 6901). */
export interface ValidationIssue {
  /** Where in the value, e.g. `/events/3/percent`; `` for the value itself. */
  pointer: string;
  message: string;
}

/** The outcome of {@link validate}. */
export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

function pointerOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    out += '/' + String(item.key).replaceAll('~', '~0').replaceAll('/', '~1');
  }
  return out;
}

function describe(issue: v.BaseIssue<unknown>): string {
  // Valibot words unknown keys in strict objects as `Invalid key: Expected never`.
  if (issue.type === 'strict_object' || issue.expected === 'never') return 'unknown field';
  return issue.message;
}

/** Checks `input` against `schema`: the typed value, or every issue with its location. */
export function validate<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): Validated<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, issues: result.issues.map((i) => ({ pointer: pointerOf(i), message: describe(i) })) };
}

/**
 * Validates an append body as a batch when it has an `events` field and as one event
 * otherwise, so errors point into the form the producer meant (a plain union would
 * report both readings). Always answers a list of events.
 */
export function validateAppendBody(input: unknown): Validated<RunEventInput[]> {
  if (typeof input === 'object' && input !== null && 'events' in input) {
    const batch = validate(AppendBatchSchema, input);
    return batch.ok ? { ok: true, value: batch.value.events } : batch;
  }
  const one = validate(RunEventInputSchema, input);
  return one.ok ? { ok: true, value: [one.value] } : one;
}

export { shapeOf } from './shape.js';
