/**
 * Assertions for checks. A failed assertion throws {@link CheckFailure} whose message is
 * the one line the report prints, so messages name what was expected and what came.
 * @module
 */
import { isDeepStrictEqual } from 'node:util';

/** A check found the backend out of contract; the message is the reason printed. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** Thrown by `ctx.skip()`: the check does not apply with the options given. */
export class CheckSkipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CheckSkipped';
  }
}

/** Short JSON for messages: long values are cut so one failure stays one readable line. */
export function brief(value: unknown, max = 300): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

/** Fails with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

/** Fails unless `actual` deep-equals `expected`, naming `what` and the first differing path. */
export function ensureEqual(actual: unknown, expected: unknown, what: string): void {
  if (isDeepStrictEqual(actual, expected)) return;
  const at = firstDifference(actual, expected, '');
  const where = at.path === '' ? '' : ` at ${at.path}`;
  throw new CheckFailure(`${what}: differs${where}: expected ${brief(at.expected)}, got ${brief(at.actual)}`);
}

interface Difference {
  path: string;
  actual: unknown;
  expected: unknown;
}

function firstDifference(actual: unknown, expected: unknown, path: string): Difference {
  const bothObjects =
    typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null;
  if (!bothObjects || Array.isArray(actual) !== Array.isArray(expected)) return { path, actual, expected };
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
  for (const key of keys) {
    if (!isDeepStrictEqual(a[key], e[key])) return firstDifference(a[key], e[key], `${path}/${key}`);
  }
  return { path, actual, expected };
}
