/**
 * Integer query parameters with the contract's defaults and bounds: a malformed value is
 * 400, a value over the maximum is clamped (the contract says "at most").
 * @module
 */
import { ProblemType } from '../../src/contract/index.js';
import { HttpProblem, problem } from '../shared/problem.js';

/** Reads `name` as an integer in `[min, ∞)`, clamped to `max`; `fallback` when absent. */
export function intParam(
  query: URLSearchParams,
  name: string,
  options: { min: number; max: number; fallback: number },
): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return options.fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < options.min) {
    throw new HttpProblem(
      problem(
        400,
        ProblemType.Malformed,
        `${name} must be an integer of at least ${options.min}, got ${JSON.stringify(raw.slice(0, 50))}.`,
      ),
    );
  }
  return Math.min(Number(raw), options.max);
}
