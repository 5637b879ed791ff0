import { svg, type SVGTemplateResult } from 'lit';
import type { RunStatus, StepState } from '../../../contract/index.js';

/**
 * Shapes for each state, so a state never rests on colour alone: a ring (waiting), a
 * half-filled ring (running), a tick (done), a cross (failed), a ring with a bar (skipped),
 * a ring with a slash (cancelled), a dashed ring (not run), a triangle (warning). Decorative: the state is also
 * given in words next to each icon.
 */
const icon = (body: SVGTemplateResult) =>
  svg`<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

const ring = svg`<circle cx="8" cy="8" r="6" />`;
const icons = {
  waiting: icon(ring),
  running: icon(svg`${ring}<path d="M8 2a6 6 0 0 1 0 12z" fill="currentColor" />`),
  done: icon(svg`<path d="M3 8.5l3.2 3.2L13 4.8" />`),
  failed: icon(svg`<path d="M4 4l8 8M12 4l-8 8" />`),
  skipped: icon(svg`${ring}<path d="M5 8h6" />`),
  cancelled: icon(svg`${ring}<path d="M3.8 12.2l8.4-8.4" />`),
  'not-run': icon(svg`<circle cx="8" cy="8" r="6" stroke-dasharray="2.4 2.3" />`),
  queued: icon(svg`${ring}<path d="M8 5v3l2 1.5" />`),
  warning: icon(svg`<path d="M8 2.2l6.3 11.3H1.7z" /><path d="M8 6.5v3M8 11.6v.1" />`),
};

/** The icon of a step state as shown (see `ShownStepState`). */
export function stepIcon(state: StepState | 'cancelled' | 'not-run'): SVGTemplateResult {
  return icons[state];
}

/** The icon of a run status. */
export function statusIcon(status: RunStatus): SVGTemplateResult {
  switch (status) {
    case 'queued':
      return icons.queued;
    case 'running':
      return icons.running;
    case 'succeeded':
      return icons.done;
    case 'failed':
      return icons.failed;
    case 'cancelled':
      return icons.cancelled;
  }
}

/** The warning triangle. */
export const warningIcon = icons.warning;
