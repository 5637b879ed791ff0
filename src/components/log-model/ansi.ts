/**
 * Terminal output to styled text runs, without ever producing HTML. Three steps:
 * 1. {@link resolveCarriageReturns}: a `\r` redraw keeps only what the terminal would show;
 * 2. {@link cleanLine}: every escape sequence except well-formed SGR (colour/style) is
 *    dropped, and control characters become visible Unicode control pictures;
 * 3. {@link parseAnsi}: `anser` turns the remaining SGR codes into {@link AnsiSpan}s.
 * {@link plainText} is the same text without styles, for search, copy and download: the
 * spans of a line always concatenate to its plain text, so match offsets line up.
 * @module
 */
/* eslint-disable no-control-regex -- matching terminal control characters is this module's job */
import Anser from 'anser';

/** One run of text with one style. Colours are CSS colour values, never markup. */
export interface AnsiSpan {
  text: string;
  /** Foreground: `var(--_ansi-red)`-style token for the 16 colours, `rgb(r g b)` otherwise. */
  fg?: string | undefined;
  bg?: string | undefined;
  bold?: boolean | undefined;
  dim?: boolean | undefined;
  italic?: boolean | undefined;
  underline?: boolean | undefined;
  strike?: boolean | undefined;
  /** Reverse video: the renderer swaps foreground and background. */
  inverse?: boolean | undefined;
  hidden?: boolean | undefined;
}

// One pass over every escape sequence, longest forms first: OSC (titles, OSC 8 hyperlinks;
// ends with BEL or ST, or runs to the end of the line when cut off), DCS/SOS/PM/APC strings,
// complete CSI (ESC [ params intermediates final), a CSI cut off at the end of the line, and
// any other ESC plus at most one byte (charset selection, keypad modes) or a lone ESC.
// Only `ESC [ digits/semicolons m` is SGR that anser reads and is kept; colon-form SGR
// (`38:2::r:g:b`) and every other CSI (cursor moves, erase) are dropped.
const ESCAPES =
  /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)|\x1b[PX^_][^\x1b]*(?:\x1b\\|$)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\[[0-?]*[ -/]*$|\x1b[ -/]*[0-~]?/g;
const SGR = /^\x1b\[[0-9;]*m$/;
// C0 controls except TAB, plus DEL and C1. ESC is handled above; LF inside a line is shown.
const CONTROL = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f-\x9f]/g;
const NEEDS_WORK = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
const SGR_ANY = /\x1b\[[0-9;]*m/g;

/**
 * What a terminal shows for a line written with carriage returns: the text after the
 * last `\r` (a `\r\n` pair is a line end, not a redraw). Each `\n`-separated part is
 * resolved on its own. SGR codes written before the last `\r` are kept, so a colour set
 * before a progress redraw still applies to it.
 */
export function resolveCarriageReturns(text: string): string {
  if (text.indexOf('\r') < 0) return text;
  return text
    .split('\n')
    .map((part) => {
      const trimmed = part.endsWith('\r') ? part.replace(/\r+$/, '') : part;
      const cut = trimmed.lastIndexOf('\r');
      if (cut < 0) return trimmed;
      const styles = trimmed.slice(0, cut).match(SGR_ANY);
      return (styles ? styles.join('') : '') + trimmed.slice(cut + 1);
    })
    .join('\n');
}

// anser's reset (SGR 0) clears colours and bold but leaves italic, underline etc. on, so a
// reset is spelled out as every "off" code before anser sees it.
const FULL_RESET = '0;22;23;24;25;27;28;29';
function expandResets(sgr: string): string {
  const params = sgr.slice(2, -1);
  if (params === '' || params === '0') return `\x1b[${FULL_RESET}m`;
  const parts = params.split(';');
  if (!parts.some((p) => p === '' || p === '0')) return sgr;
  // Keep the arguments of 38/48 (e.g. `38;5;0`) as they are: a 0 there is a colour, not a reset.
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (p === '38' || p === '48') {
      const mode = parts[i + 1];
      const take = mode === '5' ? 2 : mode === '2' ? 4 : 0;
      out.push(...parts.slice(i, i + 1 + take));
      i += take;
    } else out.push(p === '' || p === '0' ? FULL_RESET : p);
  }
  return `\x1b[${out.join(';')}m`;
}

/**
 * The line with carriage returns resolved, every escape sequence other than SGR removed,
 * and control characters (and embedded newlines) replaced by their Unicode control
 * pictures (U+2400…), so nothing in a log line can move the cursor, ring, or hide text.
 */
export function cleanLine(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  // A producer that ends its line with a line terminator still sent one line.
  let out = resolveCarriageReturns(text.endsWith('\n') ? text.replace(/\r?\n$/, '') : text);
  if (out.indexOf('\x1b') >= 0) {
    out = out.replace(ESCAPES, (seq) => (SGR.test(seq) ? expandResets(seq) : ''));
  }
  return out.replace(CONTROL, controlPicture);
}

function controlPicture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

/** The line as plain text: what the reader sees, without styles (for search, copy, download). */
export function plainText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return cleanLine(text).replace(SGR_ANY, '');
}

const BASIC = new Set([
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'bright-black',
  'bright-red',
  'bright-green',
  'bright-yellow',
  'bright-blue',
  'bright-magenta',
  'bright-cyan',
  'bright-white',
]);
const CUBE = [0, 95, 135, 175, 215, 255];

/** xterm's 256-colour palette entry 16-255 as an `rgb()` value. */
function paletteColor(index: number): string {
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return `rgb(${v} ${v} ${v})`;
  }
  const i = index - 16;
  return `rgb(${CUBE[Math.floor(i / 36)]} ${CUBE[Math.floor(i / 6) % 6]} ${CUBE[i % 6]})`;
}

function toCss(klass: string | null, truecolor: string | null): string | undefined {
  if (!klass) return undefined;
  if (klass === 'ansi-truecolor' && truecolor) {
    const [r, g, b] = truecolor.split(',').map((n) => Number.parseInt(n, 10));
    return `rgb(${r} ${g} ${b})`;
  }
  if (klass.startsWith('ansi-palette-')) return paletteColor(Number.parseInt(klass.slice(13), 10));
  const name = klass.slice(5);
  return BASIC.has(name) ? `var(--_ansi-${name})` : undefined;
}

/**
 * Styled spans of a line (cleaned first with {@link cleanLine}). Handles SGR 16-colour,
 * bright, 256-colour and truecolour foreground/background, bold, dim, italic, underline,
 * strikethrough, reverse and hidden. The spans' texts concatenate to {@link plainText}.
 */
export function parseAnsi(text: string): AnsiSpan[] {
  const cleaned = cleanLine(text);
  if (cleaned.indexOf('\x1b') < 0) return cleaned === '' ? [] : [{ text: cleaned }];
  const entries = Anser.ansiToJson(cleaned, { json: true, use_classes: true, remove_empty: true });
  return entries.map((e) => {
    const span: AnsiSpan = { text: e.content };
    // anser types these as strings but leaves them null when unset.
    const fg = toCss(e.fg as string | null, e.fg_truecolor as string | null);
    const bg = toCss(e.bg as string | null, e.bg_truecolor as string | null);
    if (fg) span.fg = fg;
    if (bg) span.bg = bg;
    for (const d of e.decorations) {
      if (d === 'bold') span.bold = true;
      else if (d === 'dim') span.dim = true;
      else if (d === 'italic') span.italic = true;
      else if (d === 'underline') span.underline = true;
      else if (d === 'strikethrough') span.strike = true;
      else if (d === 'reverse') span.inverse = true;
      else if (d === 'hidden') span.hidden = true;
    }
    return span;
  });
}
