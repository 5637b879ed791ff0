import { css } from 'lit';
import { bidiControlStyles } from '../shared/bidi-controls.js';

// Public properties are read once here into private `--_*` ones; the rest of the sheet reads
// only the private ones. One scheme for the kit: the `--run-*-color` names theme both elements
// (text, muted, border, accent, danger, warning), `--run-log-*` override them for the log only.
const lightTokens = css`
  --_bg: var(--run-log-bg, #ffffff);
  --_fg: var(--run-log-fg, var(--run-text-color, #1f2328));
  --_muted: var(--run-log-muted, var(--run-muted-color, #59636e));
  --_border: var(--run-log-border, var(--run-border-color, #d1d9e0));
  --_accent: var(--run-log-accent, var(--run-accent-color, #0969da));
  --_error: var(--run-log-error, var(--run-danger-color, #d1242f));
  --_warn: var(--run-log-warn, var(--run-warning-color, #9a6700));
  --_match-bg: var(--run-log-match-bg, #fff8c5);
  --_current-bg: var(--run-log-current-match-bg, #ffd33d);
  --_selected-bg: var(--run-log-selected-bg, #ddf4ff);
  --_chrome-bg: var(--run-log-chrome-bg, #f6f8fa);
  --_ansi-black: var(--run-log-ansi-black, #24292f);
  --_ansi-red: var(--run-log-ansi-red, #cf222e);
  --_ansi-green: var(--run-log-ansi-green, #116329);
  --_ansi-yellow: var(--run-log-ansi-yellow, #4d2d00);
  --_ansi-blue: var(--run-log-ansi-blue, #0969da);
  --_ansi-magenta: var(--run-log-ansi-magenta, #8250df);
  --_ansi-cyan: var(--run-log-ansi-cyan, #1b7c83);
  --_ansi-white: var(--run-log-ansi-white, #6e7781);
  --_ansi-bright-black: var(--run-log-ansi-bright-black, #57606a);
  --_ansi-bright-red: var(--run-log-ansi-bright-red, #a40e26);
  --_ansi-bright-green: var(--run-log-ansi-bright-green, #1a7f37);
  --_ansi-bright-yellow: var(--run-log-ansi-bright-yellow, #633c01);
  --_ansi-bright-blue: var(--run-log-ansi-bright-blue, #0a5fc8);
  --_ansi-bright-magenta: var(--run-log-ansi-bright-magenta, #7a47d6);
  --_ansi-bright-cyan: var(--run-log-ansi-bright-cyan, #177c8a);
  --_ansi-bright-white: var(--run-log-ansi-bright-white, #656d76);
`;

const darkTokens = css`
  --_bg: var(--run-log-bg, #0d1117);
  --_fg: var(--run-log-fg, var(--run-text-color, #e6edf3));
  --_muted: var(--run-log-muted, var(--run-muted-color, #9198a1));
  --_border: var(--run-log-border, var(--run-border-color, #3d444d));
  --_accent: var(--run-log-accent, var(--run-accent-color, #4493f8));
  --_error: var(--run-log-error, var(--run-danger-color, #f85149));
  --_warn: var(--run-log-warn, var(--run-warning-color, #d29922));
  --_match-bg: var(--run-log-match-bg, #5a4b00);
  --_current-bg: var(--run-log-current-match-bg, #9e6a03);
  --_selected-bg: var(--run-log-selected-bg, #1f3a5f);
  --_chrome-bg: var(--run-log-chrome-bg, #151b23);
  --_ansi-black: var(--run-log-ansi-black, #768390);
  --_ansi-red: var(--run-log-ansi-red, #ff7b72);
  --_ansi-green: var(--run-log-ansi-green, #3fb950);
  --_ansi-yellow: var(--run-log-ansi-yellow, #d29922);
  --_ansi-blue: var(--run-log-ansi-blue, #58a6ff);
  --_ansi-magenta: var(--run-log-ansi-magenta, #bc8cff);
  --_ansi-cyan: var(--run-log-ansi-cyan, #39c5cf);
  --_ansi-white: var(--run-log-ansi-white, #b1bac4);
  --_ansi-bright-black: var(--run-log-ansi-bright-black, #8b949e);
  --_ansi-bright-red: var(--run-log-ansi-bright-red, #ffa198);
  --_ansi-bright-green: var(--run-log-ansi-bright-green, #56d364);
  --_ansi-bright-yellow: var(--run-log-ansi-bright-yellow, #e3b341);
  --_ansi-bright-blue: var(--run-log-ansi-bright-blue, #79c0ff);
  --_ansi-bright-magenta: var(--run-log-ansi-bright-magenta, #d2a8ff);
  --_ansi-bright-cyan: var(--run-log-ansi-bright-cyan, #56d4dd);
  --_ansi-bright-white: var(--run-log-ansi-bright-white, #ffffff);
`;

/** Styles of `<run-log-tail>`. */
export const runLogTailStyles = css`
  ${bidiControlStyles}
  :host {
    ${lightTokens}
    --_height: var(--run-log-height, 24rem);
    /* The containing block of the screen-reader-only texts below. */
    position: relative;
    --_font: var(--run-log-font-family, ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace);
    --_font-size: var(--run-log-font-size, 0.8125rem);
    --_line-height: var(--run-log-line-height, 1.5);
    display: block;
    color: var(--_fg);
    font-family: system-ui, sans-serif;
    font-size: 0.875rem;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${darkTokens}
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  :host(:fullscreen) {
    /* Full screen: the log fills the screen, on its own background. */
    block-size: 100%;
    background: var(--_bg);
  }
  .frame {
    display: flex;
    flex-direction: column;
    /* A host given a height (run-log-tail { height: 70vh }) is filled: the log region takes
       what the toolbar and footer leave. Without one, the log region is --run-log-height. */
    box-sizing: border-box;
    block-size: 100%;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    overflow: hidden;
    min-width: 0;
    /* The toolbar folds by the element's own width, not the page's (a log in a side panel). */
    container-type: inline-size;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.5rem;
    align-items: center;
    padding: 0.375rem 0.5rem;
    border-block-end: 1px solid var(--_border);
    background: var(--_chrome-bg);
  }
  .search-box,
  .levels {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    flex-wrap: wrap;
  }
  .extras {
    display: contents;
  }
  .more {
    display: none;
  }
  .more[data-active]::after {
    /* A filter or level choice is on while folded away: say so without opening it. */
    content: '';
    display: inline-block;
    inline-size: 0.4em;
    block-size: 0.4em;
    margin-inline-start: 0.25em;
    border-radius: 50%;
    background: var(--_accent);
    vertical-align: middle;
  }
  @container (max-width: 560px) {
    .toolbar {
      flex-wrap: nowrap;
    }
    .search-box {
      flex: 1 1 auto;
      flex-wrap: nowrap;
      min-inline-size: 0;
    }
    .search-box input[type='search'] {
      flex: 1 1 auto;
      inline-size: auto;
      min-inline-size: 3rem;
    }
    .more {
      display: inline-flex;
      align-items: center;
      flex: none;
    }
    .extras {
      display: none;
    }
    .toolbar.more-open {
      flex-wrap: wrap;
    }
    .extras.open {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.5rem;
      flex-basis: 100%;
    }
  }
  input[type='search'] {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 0.125rem 0.375rem;
    inline-size: 10rem;
    max-inline-size: 100%;
    min-inline-size: 5rem;
  }
  button {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
    padding: 0.125rem 0.5rem;
    cursor: pointer;
  }
  button[aria-pressed='true'] {
    border-color: var(--_accent);
    box-shadow: inset 0 -2px 0 var(--_accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .count {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .notice {
    padding: 0.25rem 0.5rem;
    color: var(--_muted);
    border-block-end: 1px solid var(--_border);
    font-style: italic;
  }
  .scroller {
    position: relative;
    flex: 1 1 auto;
    block-size: var(--_height);
    min-block-size: 0;
    overflow: auto;
    /* Our own anchoring keeps the reader's place; the browser's would fight it. */
    overflow-anchor: none;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: var(--_line-height);
    background: var(--_bg);
    contain: strict;
  }
  .spacer {
    position: relative;
    min-inline-size: 100%;
    /* Rows drawn past the spacer must not stretch the scroll height; sideways they may. */
    overflow-y: clip;
  }
  .rows {
    position: absolute;
    inset-block-start: 0;
    left: 0;
    min-inline-size: 100%;
    overflow-y: clip;
    will-change: transform;
  }
  .rows.bottom {
    display: flex;
    flex-direction: column;
    justify-content: flex-end;
  }
  .row {
    display: flex;
    align-items: flex-start;
    box-sizing: border-box;
    block-size: var(--_row-px);
    white-space: pre;
    tab-size: 8;
    padding-inline-end: 0.5rem;
    border-left: 3px solid transparent;
  }
  :host([wrap]) .row {
    block-size: auto;
    min-block-size: var(--_row-px);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    flex-shrink: 0;
  }
  .row.probe {
    position: absolute;
    visibility: hidden;
    block-size: auto;
    inset-block-start: 0;
    pointer-events: none;
  }
  .num,
  .time,
  .badge {
    flex: none;
    user-select: none;
    -webkit-user-select: none;
  }
  .num {
    position: sticky;
    left: 0;
    min-inline-size: 4ch;
    padding-inline: 0.5rem 0.75rem;
    text-align: right;
    color: var(--_muted);
    background: var(--_bg);
    text-decoration: none;
  }
  .num:hover {
    color: var(--_accent);
    text-decoration: underline;
  }
  .time {
    color: var(--_muted);
    padding-inline-end: 0.75rem;
  }
  .badge {
    font-weight: 700;
    font-size: 0.85em;
    padding-inline-end: 0.75rem;
  }
  .text {
    flex: 1 0 auto;
    min-inline-size: 0;
  }
  :host([wrap]) .text {
    flex: 1 1 auto;
  }
  .level-error {
    border-left-color: var(--_error);
  }
  .level-error .badge {
    color: var(--_error);
  }
  .level-warn {
    border-left-color: var(--_warn);
  }
  .level-warn .badge {
    color: var(--_warn);
  }
  .level-debug .text {
    /* A colour, not opacity: the muted token is checked for contrast on both themes. */
    color: var(--_muted);
  }
  .level-debug .badge {
    color: var(--_muted);
    font-weight: 400;
  }
  .row.selected,
  .row.selected .num {
    background: var(--_selected-bg);
  }
  .row.linked {
    outline: 1px solid var(--_accent);
    outline-offset: -1px;
  }
  .header {
    background: var(--_chrome-bg);
    font-family: system-ui, sans-serif;
  }
  .header.failed {
    border-left-color: var(--_error);
  }
  .sticky-layer {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
    z-index: 1;
    pointer-events: none;
  }
  .sticky-layer .header {
    pointer-events: auto;
    box-shadow: 0 1px 0 var(--_border);
  }
  .toggle {
    all: unset;
    display: flex;
    gap: 0.5rem;
    inline-size: 100%;
    cursor: pointer;
    padding-inline: 0.5rem;
  }
  /* \`all: unset\` above also unsets the shared :focus-visible ring (same specificity, later
     rule): give it back. Inset, because the row is exactly one line tall and clips outside. */
  .toggle:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  .toggle .phase {
    font-weight: 600;
  }
  .header.failed .phase::after {
    content: ' ✕';
    color: var(--_error);
  }
  .toggle .meta {
    color: var(--_muted);
  }
  .b {
    font-weight: 700;
  }
  .d {
    opacity: 0.7;
  }
  .i {
    font-style: italic;
  }
  .u {
    text-decoration: underline;
  }
  .s {
    text-decoration: line-through;
  }
  .u.s {
    text-decoration: underline line-through;
  }
  .h {
    visibility: hidden;
  }
  mark {
    color: inherit;
    background: var(--_match-bg);
    border-radius: 2px;
  }
  mark.current {
    background: var(--_current-bg);
    outline: 1px solid var(--_fg);
  }
  .truncated,
  .styles-cut {
    color: var(--_muted);
    font-style: italic;
    user-select: none;
    -webkit-user-select: none;
  }
  .empty {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    color: var(--_muted);
    font-family: system-ui, sans-serif;
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    align-items: center;
    padding: 0.25rem 0.5rem;
    border-block-start: 1px solid var(--_border);
    background: var(--_chrome-bg);
    color: var(--_muted);
  }
  .jump {
    margin-inline-start: auto;
    color: var(--_accent);
    border-color: var(--_accent);
  }
  .announce,
  .copy-status {
    position: absolute;
    /* Pinned inside the host (which is positioned): at their static place, against the page,
       they escaped scroll boxes and widened narrow pages, as in <run-progress> (issue 15). */
    inset-block-start: 0;
    inset-inline-start: 0;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    .frame,
    .toolbar,
    .status,
    .notice {
      border-color: CanvasText;
    }
    .level-error,
    .level-warn {
      border-left-color: CanvasText;
    }
    mark {
      background: Mark;
      color: MarkText;
      forced-color-adjust: none;
    }
    mark.current {
      outline: 2px solid Highlight;
    }
    .row.selected,
    .row.selected .num {
      background: Highlight;
      color: HighlightText;
      forced-color-adjust: none;
    }
    /* forced-color-adjust: none is inherited: the row's own text, badges and ANSI spans would
       keep their author colours on Highlight. */
    .row.selected .badge,
    .row.selected .time,
    .row.selected .text,
    .row.selected .text span {
      color: HighlightText !important;
      background-color: transparent !important;
    }
    button[aria-pressed='true'],
    .toggle:focus-visible {
      outline: 2px solid Highlight;
    }
  }
`;
