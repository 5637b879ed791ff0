import { css } from 'lit';
import { bidiControlStyles } from '../shared/bidi-controls.js';

/**
 * Styles of `<run-progress>`. Public `--run-*` custom properties are read once, into
 * private `--_*` ones that only these rules use (Material's two-layer theming): a page
 * themes through the documented names, and the internals can change freely.
 */
export const runProgressStyles = css`
  ${bidiControlStyles}
  :host {
    --_text: var(--run-text-color, #1f2328);
    --_muted: var(--run-muted-color, #59636e);
    --_surface: var(--run-surface-color, transparent);
    --_border: var(--run-border-color, #d1d9e0);
    --_track: var(--run-track-color, #e6eaef);
    --_accent: var(--run-accent-color, #0969da);
    --_success: var(--run-success-color, #1a7f37);
    --_danger: var(--run-danger-color, #cf222e);
    --_warning: var(--run-warning-color, #9a6700);
    --_warning-surface: var(--run-warning-surface-color, #fff8c5);
    --_danger-surface: var(--run-danger-surface-color, #ffebe9);
    --_radius: var(--run-radius, 6px);
    --_bar-height: var(--run-bar-height, 8px);
    --_gap: var(--run-gap, 0.5rem);
    --_font: var(--run-font-family, inherit);
    --_font-size: var(--run-font-size, 0.875rem);
    --_transition: var(--run-transition-duration, 200ms);

    --_direction: 1;

    display: block;
    /* The containing block of the screen-reader-only texts: positioned against the page they
       escaped scroll boxes and widened a 390 px page to 536 px (issue 15). */
    position: relative;
    color-scheme: light;
    min-inline-size: 0;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none;
  }

  :host(:dir(rtl)) {
    --_direction: -1;
  }

  /* Dark palette: the page's choice (theme="dark") or the system's, unless theme="light". */
  :host([theme='dark']) {
    --_text: var(--run-text-color, #e6edf3);
    --_muted: var(--run-muted-color, #9198a1);
    --_border: var(--run-border-color, #3d444d);
    --_track: var(--run-track-color, #2f353d);
    --_accent: var(--run-accent-color, #4493f8);
    --_success: var(--run-success-color, #3fb950);
    --_danger: var(--run-danger-color, #f85149);
    --_warning: var(--run-warning-color, #d29922);
    --_warning-surface: var(--run-warning-surface-color, #2e2611);
    --_danger-surface: var(--run-danger-surface-color, #3a1d1f);
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_text: var(--run-text-color, #e6edf3);
      --_muted: var(--run-muted-color, #9198a1);
      --_border: var(--run-border-color, #3d444d);
      --_track: var(--run-track-color, #2f353d);
      --_accent: var(--run-accent-color, #4493f8);
      --_success: var(--run-success-color, #3fb950);
      --_danger: var(--run-danger-color, #f85149);
      --_warning: var(--run-warning-color, #d29922);
      --_warning-surface: var(--run-warning-surface-color, #2e2611);
      --_danger-surface: var(--run-danger-surface-color, #3a1d1f);
      color-scheme: dark;
    }
  }

  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    padding: var(--run-padding, 0);
    background: var(--_surface);
    border-radius: var(--_radius);
    min-inline-size: 0;
  }

  .header,
  .times {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem var(--_gap);
    min-inline-size: 0;
  }

  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
    font-weight: 600;
  }
  .status[data-status='succeeded'] {
    color: var(--_success);
  }
  .status[data-status='failed'] {
    color: var(--_danger);
  }
  .status[data-status='cancelled'],
  .status[data-status='queued'] {
    color: var(--_muted);
  }

  .run-id {
    color: var(--_muted);
    overflow-wrap: anywhere;
  }

  .connection {
    margin-inline-start: auto;
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    color: var(--_muted);
    font-size: 0.85em;
  }
  .connection .dot {
    inline-size: 0.6em;
    block-size: 0.6em;
    border-radius: 50%;
    border: 1.5px solid currentColor;
    box-sizing: border-box;
  }
  /* Shape and words carry the state; colour only adds to them. */
  .connection[data-kind='live'] .dot,
  .connection[data-kind='polling'] .dot {
    background: var(--_success);
    border-color: var(--_success);
  }
  .connection[data-kind='reconnecting'],
  .connection[data-kind='offline'],
  .connection[data-kind='unauthorized'] {
    color: var(--_warning);
  }
  .connection[data-kind='unauthorized'] {
    color: var(--_danger);
  }

  .phase {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .message {
    color: var(--_muted);
    overflow-wrap: anywhere;
  }

  .bar {
    position: relative;
    overflow: hidden;
    block-size: var(--_bar-height);
    background: var(--_track);
    border-radius: calc(var(--_bar-height) / 2);
  }
  .indicator {
    block-size: 100%;
    inline-size: 0;
    background: var(--_accent);
    border-radius: inherit;
    transition: inline-size var(--_transition) ease-out;
  }
  .bar[data-status='succeeded'] .indicator {
    background: var(--_success);
  }
  .bar[data-status='failed'] .indicator {
    background: var(--_danger);
  }
  .bar[data-status='cancelled'] .indicator {
    background: var(--_muted);
  }
  .bar[data-mode='indeterminate'] .indicator {
    inline-size: 40%;
    /* A transform, not a margin: it runs on the compositor, without layout every frame. */
    animation: run-indeterminate 1.4s ease-in-out infinite;
  }
  /* Percent translations are of the indicator's own size (40 % of the track): -100 % starts
     it just before the track, 250 % ends it just after. Mirrored for right-to-left. */
  @keyframes run-indeterminate {
    from {
      transform: translateX(calc(-100% * var(--_direction)));
    }
    to {
      transform: translateX(calc(250% * var(--_direction)));
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .indicator {
      transition: none;
    }
    .bar[data-mode='indeterminate'] .indicator {
      animation: none;
      inline-size: 100%;
      opacity: 0.4;
    }
  }

  .times {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .percent {
    color: var(--_text);
    font-weight: 600;
  }
  .overdue {
    color: var(--_warning);
  }

  .stall,
  .error,
  .note {
    margin: 0;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    border: 1px solid currentColor;
    overflow-wrap: anywhere;
  }
  .stall {
    color: var(--_warning);
    background: var(--_warning-surface);
    display: flex;
    gap: 0.4em;
    align-items: center;
  }
  .error {
    color: var(--_danger);
    background: var(--_danger-surface);
  }
  .error-heading {
    display: flex;
    gap: 0.4em;
    align-items: center;
    font-weight: 600;
  }
  .error-message {
    color: var(--_text);
    margin-block-start: 0.25rem;
    white-space: pre-wrap;
  }
  .note {
    color: var(--_muted);
  }

  .steps {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .step {
    display: flex;
    align-items: baseline;
    gap: 0.5em;
    min-inline-size: 0;
  }
  .step-label {
    flex: 1 1 auto;
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .step[data-state='waiting'] .step-label,
  .step[data-state='skipped'] .step-label,
  .step[data-state='cancelled'] .step-label,
  .step[data-state='not-run'] .step-label {
    color: var(--_muted);
  }
  .step[data-state='skipped'] .step-label {
    text-decoration: line-through;
  }
  .step[data-state='running'] .step-label {
    font-weight: 600;
  }
  .step-icon {
    flex: none;
    align-self: center;
    display: inline-flex;
  }
  .step[data-state='done'] .step-icon {
    color: var(--_success);
  }
  .step[data-state='failed'] .step-icon {
    color: var(--_danger);
  }
  .step[data-state='running'] .step-icon {
    color: var(--_accent);
  }
  .step[data-state='waiting'] .step-icon,
  .step[data-state='skipped'] .step-icon,
  .step[data-state='cancelled'] .step-icon,
  .step[data-state='not-run'] .step-icon {
    color: var(--_muted);
  }
  .steps-more {
    color: var(--_muted);
    font-size: 0.9em;
    padding-inline-start: 1.5em;
  }
  .steps-toggle {
    align-self: flex-start;
    font: inherit;
    font-size: 0.9em;
    color: var(--_accent);
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
    text-decoration: underline;
  }
  .steps-toggle:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .step-time {
    flex: none;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    font-size: 0.9em;
  }

  svg.icon {
    inline-size: 1em;
    block-size: 1em;
    flex: none;
  }

  /* Compact: one line for tables and cards; details stay in the accessible text. */
  :host([layout='compact']) .base {
    flex-direction: row;
    align-items: center;
    flex-wrap: nowrap;
    gap: var(--_gap);
  }
  :host([layout='compact']) .phase {
    flex: 0 1 auto;
    min-inline-size: 2em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    font-weight: 400;
  }
  :host([layout='compact']) .bar {
    flex: 1 1 4rem;
    min-inline-size: 3rem;
  }
  :host([layout='compact']) .compact-extra {
    /* Gives way long before the phase does: the phase is what a row is about. */
    flex: 0 100 auto;
    min-inline-size: 0;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  :host([layout='compact']) .compact-extra.warn {
    flex-shrink: 1;
    color: var(--_warning);
  }
  :host([layout='compact']) .compact-extra.danger {
    flex-shrink: 1;
    color: var(--_danger);
  }
  :host([layout='compact']) .status {
    flex: none;
  }

  .visually-hidden {
    position: absolute;
    /* Pinned to the host's corner: at its static place it would sit wherever the text flows,
       past the end of a clipped compact row. */
    inset-block-start: 0;
    inset-inline-start: 0;
    inline-size: 1px;
    block-size: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }

  @media (forced-colors: active) {
    .bar {
      border: 1px solid CanvasText;
      background: Canvas;
    }
    .indicator,
    .bar[data-status] .indicator {
      background: Highlight;
      forced-color-adjust: none;
    }
    .connection .dot,
    .connection[data-kind] .dot {
      background: CanvasText;
      border-color: CanvasText;
    }
    .stall,
    .error,
    .note {
      border-color: CanvasText;
    }
    .status,
    .step-icon,
    .connection {
      color: CanvasText;
    }
  }
`;
