/**
 * Terminal output to styled text runs, without ever producing HTML. Three steps:
 * 1. {@link resolveCarriageReturns}: a `\r` redraw keeps only what the terminal would show;
 * 2. {@link cleanLine}: every escape sequence except well-formed SGR (colour/style) is
 *    dropped, and control characters become visible Unicode control pictures;
 * 3. {@link parseAnsiLine}: the remaining SGR codes move a small state machine (`sgr.ts`,
 *    our own: see there why not `anser`) and the text between them becomes
 *    {@link AnsiSpan}s, in one linear pass, cut at the limits the view asks for.
 * {@link plainText} is the same text without styles, for search, copy and download: the
 * spans of a line always concatenate to its plain text, so match offsets line up.
 * @module
 */
import { lineTextTools } from './line-text.js';
import { sameStyle, SgrState, type AnsiStyle } from './sgr.js';

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

/** Most parameters an SGR sequence may carry to be applied (as xterm.js); a longer one is shown as text. */
export const MAX_SGR_PARAMS = tools.maxSgrParams;

// Only SGR survives cleanLine, and only within the parameter cap.
// eslint-disable-next-line no-control-regex -- ESC starts the sequences this reads
const SGR_SEQUENCE = /\x1b\[([0-9;]*)m/g;

/** How much of a line {@link parseAnsiLine} turns into spans. */
export interface AnsiLimits {
  /** Characters of text to return; the rest is only counted. Default: all. */
  maxChars?: number | undefined;
  /**
   * Spans to return; text after the last one allowed is returned as one unstyled span, so
   * nothing is lost, only its colours. Default: no limit.
   */
  maxSpans?: number | undefined;
}

/** A line's spans within {@link AnsiLimits}. */
export interface ParsedAnsiLine {
  spans: AnsiSpan[];
  /** Characters of plain text past `maxChars`, not in `spans`. */
  hiddenChars: number;
  /** Whether `maxSpans` was reached: the text after it is in the last span, unstyled. */
  stylesCut: boolean;
}

/**
 * Styled spans of a line (cleaned first with {@link cleanLine}), at most `limits`, in one
 * pass: time linear in the line's length, memory in proportion to what is returned (plus
 * the cleaned copy of the line). Adjacent text of the same style shares one span. Handles SGR
 * 16-colour, bright, 256-colour and truecolour foreground/background, bold, dim, italic,
 * underline, strikethrough, reverse and hidden.
 */
export function parseAnsiLine(text: string, limits: AnsiLimits = {}): ParsedAnsiLine {
  const maxChars = limits.maxChars ?? Infinity;
  const maxSpans = Math.max(1, limits.maxSpans ?? Infinity);
  const cleaned = cleanLine(text);
  const spans: AnsiSpan[] = [];
  if (cleaned.indexOf('\x1b') < 0) {
    const shown = cleaned.length > maxChars ? cleaned.slice(0, maxChars) : cleaned;
    if (shown !== '') spans.push({ text: shown });
    return { spans, hiddenChars: cleaned.length - shown.length, stylesCut: false };
  }
  const state = new SgrState();
  let shown = 0;
  let lastStyle: AnsiStyle | undefined;
  // Text of `cleaned` from `from` on, without its SGR codes (what the reader sees).
  const restPlain = (from: number): string => cleaned.slice(from).replace(SGR_SEQUENCE, '');
  const finish = (from: number, stylesCut: boolean): ParsedAnsiLine => {
    const rest = restPlain(from);
    const room = Math.max(0, maxChars - shown);
    if (stylesCut && room > 0 && rest !== '') spans.push({ text: rest.slice(0, room) });
    return { spans, hiddenChars: Math.max(0, rest.length - room), stylesCut };
  };
  // Whether the next text, in the style in force, would need a span past the cap.
  const overSpans = (): boolean =>
    spans.length >= maxSpans && !sameStyle(state.style, spans[spans.length - 1] as AnsiSpan);
  /** Adds `cleaned[from, to)` in the current style; returns where it stopped (`to` unless cut). */
  const emit = (from: number, to: number): number => {
    const style = state.style;
    const last = spans[spans.length - 1];
    const end = Math.min(to, from + (maxChars - shown));
    const piece = cleaned.slice(from, end);
    if (last && (style === lastStyle || sameStyle(style, last))) last.text += piece;
    else spans.push({ text: piece, ...style });
    lastStyle = style;
    shown += piece.length;
    return end;
  };
  SGR_SEQUENCE.lastIndex = 0;
  let pos = 0;
  for (let m = SGR_SEQUENCE.exec(cleaned); m; m = SGR_SEQUENCE.exec(cleaned)) {
    if (m.index > pos) {
      if (overSpans()) return finish(pos, true);
      const stop = emit(pos, m.index);
      if (shown >= maxChars) return finish(stop, false);
    }
    state.apply(m[1] as string);
    pos = SGR_SEQUENCE.lastIndex;
  }
  if (pos < cleaned.length) {
    if (overSpans()) return finish(pos, true);
    return finish(emit(pos, cleaned.length), false);
  }
  return finish(cleaned.length, false);
}

/**
 * Every styled span of a line: {@link parseAnsiLine} without limits. The spans' texts
 * concatenate to {@link plainText}.
 */
export function parseAnsi(text: string): AnsiSpan[] {
  return parseAnsiLine(text).spans;
}
