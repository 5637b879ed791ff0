/**
 * Hostile log text (issue 13, item 6): ANSI parsing costs time linear in the line, and what
 * is drawn of a line is bounded, with nothing past a cap lost silently. The time limits here
 * are generous guards against quadratic work (the old parser took seconds to minutes on
 * these inputs); the figures themselves are measured in `bench/sections/hostile-text.ts`.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_SGR_PARAMS,
  parseAnsi,
  parseAnsiLine,
  plainText,
  resolveCarriageReturns,
} from '../../../src/components/log-model/ansi.js';
import { MAX_SHOWN_CHARS, MAX_SPANS_PER_LINE, renderLine } from '../../../src/components/log-model/rendered-line.js';

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

const joined = (spans: ReadonlyArray<{ text: string }>) => spans.map((s) => s.text).join('');

describe('ANSI parsing of hostile lines', () => {
  it('parses 16 000 repeated style codes in one pass, as one span', () => {
    // Each repeated `ESC[1m` grew anser's style list by one and was copied per code: 16 000
    // of them took seconds and hundreds of MB.
    const line = '\x1b[1mx'.repeat(16_000);
    const { value, ms } = timed(() => parseAnsi(line));
    expect(value).toEqual([{ text: 'x'.repeat(16_000), bold: true }]);
    expect(ms).toBeLessThan(500);
  });

  it('parses a 64 KB line of 16 000 style and colour codes without quadratic work', () => {
    const codes = ['\x1b[4m', '\x1b[31m', '\x1b[1m', '\x1b[42m'];
    const line = Array.from({ length: 16_000 }, (_, i) => codes[i % 4]).join('') + 'end';
    expect(line.length).toBeGreaterThanOrEqual(64_000);
    const { value, ms } = timed(() => parseAnsi(line));
    expect(value).toEqual([
      { text: 'end', underline: true, bold: true, fg: 'var(--_ansi-red)', bg: 'var(--_ansi-green)' },
    ]);
    expect(ms).toBeLessThan(500);
  });

  it(`applies an SGR of at most ${MAX_SGR_PARAMS} parameters and shows a longer one as text`, () => {
    const within = `\x1b[${Array(MAX_SGR_PARAMS - 1)
      .fill('1')
      .join(';')};31mok`;
    expect(parseAnsi(within)).toEqual([{ text: 'ok', bold: true, fg: 'var(--_ansi-red)' }]);
    const over = `\x1b[${Array(MAX_SGR_PARAMS).fill('1').join(';')};31mok`;
    const spans = parseAnsi(over);
    expect(spans).toEqual([{ text: `\u241b[${Array(MAX_SGR_PARAMS).fill('1').join(';')};31mok` }]);
    // Search, copy and download see the same text.
    expect(plainText(over)).toBe(joined(spans));
  });

  it('shows one SGR with 500 000 parameters as text, quickly', () => {
    const params = Array(500_000).fill('1').join(';');
    const line = `before \x1b[${params}mafter`;
    const { value, ms } = timed(() => renderLine({ text: line }));
    expect(value.plain.startsWith('before \u241b[1;1;1;')).toBe(true);
    expect(value.plain.length).toBe(MAX_SHOWN_CHARS);
    expect(value.hiddenChars).toBe(plainText(line).length - MAX_SHOWN_CHARS);
    expect(value.spans.every((s) => !s.bold)).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it(`draws at most ${MAX_SPANS_PER_LINE} styled spans; the rest of the drawn text follows unstyled`, () => {
    // 131 000 one-character spans of changing colour.
    const line = Array.from({ length: 131_000 }, (_, i) => `\x1b[3${i % 8}m${String.fromCharCode(97 + (i % 26))}`).join(
      '',
    );
    const { value, ms } = timed(() => renderLine({ text: line }));
    expect(value.spans.length).toBe(MAX_SPANS_PER_LINE + 1);
    expect(value.stylesCut).toBe(true);
    const rest = value.spans.at(-1);
    expect(rest?.fg).toBeUndefined();
    // Nothing lost: the drawn text is the line's first characters, the rest counted.
    const plain = plainText(line);
    expect(value.plain).toBe(plain.slice(0, MAX_SHOWN_CHARS));
    expect(value.hiddenChars).toBe(plain.length - MAX_SHOWN_CHARS);
    expect(ms).toBeLessThan(1_000);
  });

  it('renders a 1 MiB line of escape codes with bounded output', () => {
    const unit = '\x1b[38;5;196m\x1b[1;4mab\x1b[0m\x1b[2K\x1b]0;t\x07';
    const line = unit.repeat(Math.ceil(2 ** 20 / unit.length));
    expect(line.length).toBeGreaterThanOrEqual(2 ** 20);
    const { value, ms } = timed(() => renderLine({ text: line }));
    expect(value.spans.length).toBeLessThanOrEqual(MAX_SPANS_PER_LINE + 1);
    expect(value.plain.length).toBeLessThanOrEqual(MAX_SHOWN_CHARS);
    expect(value.plain.length + value.hiddenChars).toBe(plainText(line).length);
    expect(ms).toBeLessThan(2_000);
  });

  it('resolves a long run of carriage returns in linear time', () => {
    // `/\r+$/` retried from every `\r` of a run that is not at the end: quadratic.
    const line = '\r'.repeat(200_000) + 'x\r';
    const { value, ms } = timed(() => resolveCarriageReturns(line));
    expect(value).toBe('x');
    expect(ms).toBeLessThan(500);
  });

  it('turns a style off however many times it was turned on', () => {
    // anser removed one "bold" per SGR 22, so bold set twice stayed on.
    expect(parseAnsi('\x1b[1m\x1b[1ma\x1b[22mb')).toEqual([{ text: 'a', bold: true }, { text: 'b' }]);
    expect(parseAnsi('\x1b[4;4;3mx\x1b[24;23my')).toEqual([
      { text: 'x', underline: true, italic: true },
      { text: 'y' },
    ]);
  });

  it('keeps drawn text equal to the plain text on random hostile lines, within any limits', () => {
    let seed = 13;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const pieces = [
      'ab',
      ' ',
      '\x1b[31m',
      '\x1b[0m',
      '\x1b[m',
      '\x1b[1;4m',
      '\x1b[38;5;',
      '196m',
      '\x1b[38;2;1;2;3m',
      '\x1b[2J',
      '\x1b]8;;u\x07',
      '\x1b',
      '\r',
      '\n',
      '\x07',
      `\x1b[${Array(40).fill('1').join(';')}m`,
      '\u202e',
    ];
    for (let n = 0; n < 300; n++) {
      const line = Array.from({ length: 1 + random(60) }, () => pieces[random(pieces.length)]).join('');
      const plain = plainText(line);
      expect(joined(parseAnsi(line))).toBe(plain);
      const maxChars = 1 + random(40);
      const maxSpans = 1 + random(6);
      const limited = parseAnsiLine(line, { maxChars, maxSpans });
      expect(joined(limited.spans)).toBe(plain.slice(0, maxChars));
      expect(limited.hiddenChars).toBe(Math.max(0, plain.length - maxChars));
      expect(limited.spans.length).toBeLessThanOrEqual(maxSpans + 1);
    }
  });
});
