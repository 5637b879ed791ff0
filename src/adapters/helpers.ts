/**
 * Small helpers for mapping functions.
 * @module
 */
import type { Step } from '../contract/types.js';
import type { RunAdapter } from './types.js';

/**
 * A checklist from "step `current` of `total`" (1-based): earlier steps done, the current
 * one running (or done when `finished`), later ones waiting. `labels` names them when
 * known; keys are `step-1`, `step-2`… unless `keys` gives them.
 */
export function countedSteps(
  current: number,
  total: number,
  options: { labels?: ReadonlyArray<string | undefined>; keys?: readonly string[]; finished?: boolean } = {},
): Step[] {
  const steps: Step[] = [];
  for (let i = 1; i <= Math.max(0, Math.min(total, 1000)); i += 1) {
    const step: Step = {
      key: options.keys?.[i - 1] ?? `step-${i}`,
      state: i < current || (i === current && options.finished) ? 'done' : i === current ? 'running' : 'waiting',
    };
    const label = options.labels?.[i - 1];
    if (label !== undefined) step.label = label;
    steps.push(step);
  }
  return steps;
}

/**
 * Returns `adapter` as it is; it only makes TypeScript check an adapter literal (and
 * infer its mapping functions' parameter types) where it is written.
 */
export function defineAdapter<A extends RunAdapter>(adapter: A): A {
  return adapter;
}
