import { describe, expect, it } from 'vitest';
import { cleanLine, parseAnsi, plainText, resolveCarriageReturns } from '../../../src/components/log-model/ansi.js';

const text = (s: string) =>
  parseAnsi(s)
    .map((x) => x.text)
    .join('');

describe('ANSI parsing', () => {
  it('turns SGR colours and styles into spans', () => {
    expect(parseAnsi('\x1b[31mred\x1b[0m \x1b[1;3;4mbiu\x1b[0m')).toEqual([
      { text: 'red', fg: 'var(--_ansi-red)' },
      { text: ' ' },
      { text: 'biu', bold: true, italic: true, underline: true },
    ]);
    expect(parseAnsi('\x1b[92;44mx')).toEqual([
      { text: 'x', fg: 'var(--_ansi-bright-green)', bg: 'var(--_ansi-blue)' },
    ]);
  });

  it('reads 256-colour and truecolour, foreground and background', () => {
    expect(parseAnsi('\x1b[38;5;196ma\x1b[48;5;244mb')).toEqual([
      { text: 'a', fg: 'rgb(255 0 0)' },
      { text: 'b', fg: 'rgb(255 0 0)', bg: 'rgb(128 128 128)' },
    ]);
    expect(parseAnsi('\x1b[38;2;1;2;3;48;2;250;251;252mt')).toEqual([
      { text: 't', fg: 'rgb(1 2 3)', bg: 'rgb(250 251 252)' },
    ]);
    expect(parseAnsi('\x1b[38;5;3mlow')).toEqual([{ text: 'low', fg: 'var(--_ansi-yellow)' }]);
  });

  it('resets every style on SGR 0, also combined with other codes', () => {
    const spans = parseAnsi('\x1b[3;4mon\x1b[0;31moff');
    expect(spans[1]).toEqual({ text: 'off', fg: 'var(--_ansi-red)' });
    expect(parseAnsi('\x1b[2;9mx\x1b[my')).toEqual([{ text: 'x', dim: true, strike: true }, { text: 'y' }]);
  });

  it('keeps a palette colour 0 as a colour, not a reset', () => {
    expect(parseAnsi('\x1b[1;38;5;0mx')).toEqual([{ text: 'x', bold: true, fg: 'var(--_ansi-black)' }]);
  });

  it('drops non-SGR escapes, OSC strings and truncated sequences', () => {
    expect(cleanLine('a\x1b[2Jb\x1b[10;20Hc\x1b[?1049hd')).toBe('abcd');
    expect(cleanLine('\x1b]0;title\x1b\\x')).toBe('x');
    expect(cleanLine('\x1b]8;;https://e.x\x07link\x1b]8;;\x07')).toBe('link');
    expect(cleanLine('\x1bPq#0;2;0;0;0\x1b\\after')).toBe('after');
    expect(cleanLine('tail \x1b[38;5')).toBe('tail ');
    expect(cleanLine('esc \x1b(Bx \x1b=y')).toBe('esc x y');
    expect(plainText('\x1b[38:2::1:2:3mcolon')).toBe('colon');
  });

  it('shows control characters as control pictures and keeps tabs', () => {
    expect(cleanLine('a\x00b\x07c\td\x7f')).toBe('a\u2400b\u2407c\td\u2421');
    expect(cleanLine('c1\u009bx')).toBe('c1\ufffdx');
  });

  it('resolves carriage-return redraws like a terminal', () => {
    expect(resolveCarriageReturns('10%\r50%\r100%')).toBe('100%');
    expect(resolveCarriageReturns('line\r\n')).toBe('line\n');
    expect(resolveCarriageReturns('a\rb\nc\rd')).toBe('b\nd');
    expect(resolveCarriageReturns('\x1b[32m1\r2')).toBe('\x1b[32m2');
    expect(plainText('done\r\n')).toBe('done');
  });

  it('keeps spans and plain text in step, so match offsets line up', () => {
    const samples = [
      '\x1b[31ma\x1b[0mb\rc',
      'x\x1b[1my\x00z',
      '\x1b[38;5;99mp\x1b[2Kq',
      'plain',
      '',
      '\x1b[0;38;5;0;1mzero\x1b[m \x1b[;4mreset\x1b[38;2;1;0;3mtrue',
      '\x1b[33m10%\r\x1b[32m100%\x1b[0m\r\n',
      'osc \x1b]8;;https://e.x\x07link\x1b]8;;\x07 \x1b[1m\x1b(B\x1b=end \x1b[38;5',
      'two\nparts\r\x1b[7mredrawn',
    ];
    for (const s of samples) expect(text(s)).toBe(plainText(s));
  });

  it('passes plain lines through without copying', () => {
    const line = 'nothing special here';
    expect(cleanLine(line)).toBe(line);
    expect(parseAnsi(line)).toEqual([{ text: line }]);
  });
});
