/**
 * What the view needs to draw one line, computed once per line (the element caches it by
 * seq): styled spans cut to a displayable length and count, their plain text, and the level.
 * A 1 MB line is parsed once and shown in part; search, copy and download still use all of it.
 * @module
 */
import type { LogEvent, LogLevel } from '../../contract/index.js';
import { parseAnsiLine, type AnsiSpan } from './ansi.js';
import { lineLevel } from './level.js';

/** Longest text drawn for one line; the rest is counted and reachable by copy/download. */
export const MAX_SHOWN_CHARS = 10_000;

/**
 * Most styled spans drawn for one line. Past it the rest of the drawn text is one unstyled
 * span (still shown, only without colours; the row says so), so a line of 100 000
 * one-character colour changes costs one row of at most this many elements, not 10 000.
 * Real coloured output (a rainbow progress bar, a word diff, `ls --color`) stays far below it.
 */
export const MAX_SPANS_PER_LINE = 1_000;

/** One line ready to draw. */
export interface RenderedLine {
  spans: AnsiSpan[];
  /** The drawn spans' text joined (the first {@link MAX_SHOWN_CHARS} characters of the plain text). */
  plain: string;
  /** Characters of plain text not drawn. */
  hiddenChars: number;
  /** Whether the line had more styled spans than {@link MAX_SPANS_PER_LINE}: the last span is the rest, unstyled. */
  stylesCut: boolean;
  level: LogLevel;
}

/** Prepares `line` for drawing, in time linear in its length and memory bounded by the limits. */
export function renderLine(
  line: Pick<LogEvent, 'text' | 'level'>,
  maxChars = MAX_SHOWN_CHARS,
  maxSpans = MAX_SPANS_PER_LINE,
): RenderedLine {
  const { spans, hiddenChars, stylesCut } = parseAnsiLine(line.text, { maxChars, maxSpans });
  const plain = spans.length === 1 ? (spans[0] as AnsiSpan).text : spans.map((s) => s.text).join('');
  return { spans, plain, hiddenChars, stylesCut, level: lineLevel(line, plain) };
}

/** A span with search marks. */
export interface MarkedSpan extends AnsiSpan {
  /** Part of a search match; `current` on the line the reader stepped to. */
  mark?: 'match' | 'current' | undefined;
}

/** Splits `spans` so that every match of `pattern` (global) in their text is its own marked span. */
export function markMatches(spans: readonly AnsiSpan[], pattern: RegExp | undefined, current: boolean): MarkedSpan[] {
  if (!pattern) return spans as MarkedSpan[];
  const text = spans.map((s) => s.text).join('');
  const ranges: Array<[number, number]> = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === '') {
      pattern.lastIndex++;
      continue;
    }
    ranges.push([m.index, m.index + m[0].length]);
  }
  if (ranges.length === 0) return spans as MarkedSpan[];
  const mark = current ? 'current' : 'match';
  const out: MarkedSpan[] = [];
  let pos = 0;
  let r = 0;
  for (const span of spans) {
    const end = pos + span.text.length;
    let at = pos;
    while (at < end) {
      while (r < ranges.length && (ranges[r] as [number, number])[1] <= at) r++;
      const range = ranges[r];
      if (!range || range[0] >= end) {
        out.push({ ...span, text: span.text.slice(at - pos) });
        at = end;
      } else if (range[0] > at) {
        out.push({ ...span, text: span.text.slice(at - pos, range[0] - pos) });
        at = range[0];
      } else {
        const stop = Math.min(end, range[1]);
        out.push({ ...span, text: span.text.slice(at - pos, stop - pos), mark });
        at = stop;
      }
    }
    pos = end;
  }
  return out;
}
