/**
 * Which steps a long checklist shows folded: a window around the step the run is on, so
 * thirty steps do not push the page down.
 * @module
 */

/** Checklists up to this long are shown whole; longer ones fold to a window around the current step. */
export const STEPS_SHOWN_WHOLE = 8;
/** Steps shown around the current one in a folded checklist. */
const STEPS_WINDOW = 5;

/** The steps a folded checklist shows: one before the current step (running or failed, else the first waiting), and the next ones. */
export function stepWindow(steps: readonly { state: string }[]): { from: number; to: number } {
  let focus = steps.findIndex((s) => s.state === 'running' || s.state === 'failed' || s.state === 'cancelled');
  if (focus < 0) focus = steps.findIndex((s) => s.state === 'waiting' || s.state === 'not-run');
  if (focus < 0) focus = steps.length - 1;
  const from = Math.max(0, Math.min(focus - 1, steps.length - STEPS_WINDOW));
  return { from, to: Math.min(steps.length, from + STEPS_WINDOW) };
}
