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
import Anser from 'anser';
import { lineTextTools } from './line-text.js';

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

const tools = lineTextTools();

/**
 * What a terminal shows for a line written with carriage returns: the text after the
 * last `\r` (a `\r\n` pair is a line end, not a redraw). Each `\n`-separated part is
 * resolved on its own. SGR codes written before the last `\r` are kept, so a colour set
 * before a progress redraw still applies to it.
 */
export function resolveCarriageReturns(text: string): string {
  return tools.resolveCarriageReturns(text);
}

/**
 * The line with carriage returns resolved, every escape sequence other than SGR removed,
 * and control characters (and embedded newlines) replaced by their Unicode control
 * pictures (U+2400…), so nothing in a log line can move the cursor, ring, or hide text.
 */
export function cleanLine(text: string): string {
  return tools.cleanLine(text);
}

/** The line as plain text: what the reader sees, without styles (for search, copy, download). */
export function plainText(text: string): string {
  return tools.plainText(text);
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
