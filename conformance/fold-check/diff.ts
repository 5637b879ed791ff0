/**
 * Every difference between two JSON values, by JSON pointer: a fold check reports all
 * the fields a snapshot gets wrong, not only the first.
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import { brief } from '../assert.js';

/** One differing field: where, what was expected, what came (`undefined`: absent). */
export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
}

/** Every differing leaf (or mismatched subtree) of `actual` against `expected`, under `path`. */
export function differences(actual: unknown, expected: unknown, path = ''): Difference[] {
  if (isDeepStrictEqual(actual, expected)) return [];
  const objects = typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null;
  if (!objects || Array.isArray(actual) !== Array.isArray(expected)) return [{ path, expected, actual }];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const out: Difference[] = [];
  for (const key of new Set([...Object.keys(e), ...Object.keys(a)])) {
    out.push(...differences(a[key], e[key], `${path}/${key}`));
  }
  return out;
}

/** A path with its array indices as `*`, so one wrong rule seen on step 0 and step 3 is one kind. */
export function differenceKind(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/*');
}

/** `path: expected X, got Y` for each difference, one per line part. */
export function describeDifferences(list: readonly Difference[], max = 20): string {
  const shown = list
    .slice(0, max)
    .map((d) => `${d.path || '(root)'}: expected ${describeValue(d.expected)}, got ${describeValue(d.actual)}`);
  if (list.length > max) shown.push(`… and ${list.length - max} more`);
  return shown.join('; ');
}

function describeValue(value: unknown): string {
  return value === undefined ? '(absent)' : brief(value, 160);
}
