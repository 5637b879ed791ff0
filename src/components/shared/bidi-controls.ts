/**
 * Bidirectional formatting controls in text from a run (log lines, phase labels, messages,
 * errors, run ids) shown as visible markers instead of obeyed. A right-to-left override
 * (U+202E) inside `gnp.exe` would draw it as `exe.png` ("Trojan Source", CVE-2021-42574);
 * here it draws as `g<U+202E>np.exe` with the marker styled apart, the way GitHub shows
 * hidden bidirectional characters, and the real character never reaches the page.
 *
 * The set is the explicit embeddings, overrides and isolates of UAX #9 (§2.1-2.2):
 * U+202A-U+202E and U+2066-U+2069, the characters that can reorder a run of text. The
 * implicit marks (U+200E LRM, U+200F RLM, U+061C ALM) are left as they are: they cannot
 * reverse strong text such as a file name, and they are common in real right-to-left prose.
 * Copy and download keep the log's own text; only what is drawn changes.
 * @module
 */
import { css, html, type TemplateResult } from 'lit';

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

const NAMES: Readonly<Record<string, string>> = {
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

/** Whether `text` holds a bidirectional formatting control. */
export function hasBidiControls(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

/** The marker drawn for one control: `<U+202E>`. */
export function bidiMarker(control: string): string {
  return `<U+${(control.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * `text` with each bidirectional control replaced by its marker, as plain text: for
 * attributes (`title`, `aria-label`) and live regions, where no element can style it.
 */
export function bidiSafeText(text: string): string;
export function bidiSafeText(text: string | undefined): string | undefined;
export function bidiSafeText(text: string | undefined): string | undefined {
  if (text === undefined || !BIDI_CONTROL.test(text)) return text;
  return text.replace(BIDI_CONTROLS, bidiMarker);
}

/**
 * `text` for a child binding, with each bidirectional control drawn as a styled marker
 * (`<span class="bidi-control" part="bidi-control">`, see {@link bidiControlStyles}). Text
 * without one comes back as the same string, so the common case costs one regex test.
 * The text always goes in as Lit text bindings: nothing here can become markup.
 */
export function showBidiControls(text: string): string | Array<string | TemplateResult>;
export function showBidiControls(text: string | undefined): string | undefined | Array<string | TemplateResult>;
export function showBidiControls(text: string | undefined): string | undefined | Array<string | TemplateResult> {
  if (text === undefined || !BIDI_CONTROL.test(text)) return text;
  const out: Array<string | TemplateResult> = [];
  let from = 0;
  BIDI_CONTROLS.lastIndex = 0;
  for (let m = BIDI_CONTROLS.exec(text); m; m = BIDI_CONTROLS.exec(text)) {
    if (m.index > from) out.push(text.slice(from, m.index));
    const control = m[0];
    out.push(
      html`<span class="bidi-control" part="bidi-control" title=${NAMES[control] ?? ''}>${bidiMarker(control)}</span>`,
    );
    from = m.index + control.length;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

/** Styles of the markers, for the styles of every element that uses {@link showBidiControls}. */
export const bidiControlStyles = css`
  .bidi-control {
    /* The marker itself must not take part in reordering the text around it. */
    unicode-bidi: isolate;
    direction: ltr;
    font-family: ui-monospace, monospace;
    font-size: 0.85em;
    font-style: normal;
    padding-inline: 0.15em;
    border: 1px dashed currentColor;
    border-radius: 3px;
    background: color-mix(in srgb, currentColor 12%, transparent);
    white-space: nowrap;
  }
  @media (forced-colors: active) {
    .bidi-control {
      border-color: CanvasText;
    }
  }
`;
