/**
 * The contrast guard's arithmetic: every colour a program can pick comes out at 4.5:1 on
 * any background, moved as little as it takes, and a colour that already reads is kept.
 */
import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  cssRgb,
  MIN_CONTRAST,
  parseColor,
  readableOn,
  type Rgb,
} from '../../../src/components/log-model/contrast.js';

const CUBE = [0, 95, 135, 175, 215, 255];
/** xterm's 256 colours past the 16: the 6×6×6 cube and the 24 greys. */
const XTERM: Rgb[] = [
  ...Array.from({ length: 216 }, (_, i): Rgb => [
    CUBE[Math.floor(i / 36)]!,
    CUBE[Math.floor(i / 6) % 6]!,
    CUBE[i % 6]!,
  ]),
  ...Array.from({ length: 24 }, (_, i): Rgb => [8 + 10 * i, 8 + 10 * i, 8 + 10 * i]),
];
const BACKGROUNDS: Rgb[] = [
  [255, 255, 255], // light theme
  [13, 17, 23], // dark theme
  [255, 248, 197], // light search match
  [31, 58, 95], // dark selected row
  [119, 119, 119], // mid grey, the hardest case
];

describe('readableOn', () => {
  it('brings all 240 extended colours to 4.5:1 on every background', () => {
    const failures = BACKGROUNDS.flatMap((bg) =>
      XTERM.map((fg) => ({ fg, bg, ratio: contrastRatio(readableOn(fg, bg), bg) })).filter(
        (r) => r.ratio < MIN_CONTRAST,
      ),
    );
    expect(failures).toEqual([]);
  });

  it('keeps a colour that already reads', () => {
    expect(readableOn([0, 0, 0], [255, 255, 255])).toEqual([0, 0, 0]);
    expect(readableOn([255, 135, 0], [13, 17, 23])).toEqual([255, 135, 0]);
  });

  it('moves a colour no further than it needs to', () => {
    const orange: Rgb = [255, 135, 0];
    const moved = readableOn(orange, [255, 255, 255]);
    expect(contrastRatio(moved, [255, 255, 255])).toBeGreaterThanOrEqual(MIN_CONTRAST);
    // Still orange (red over green over blue), and only just past the bar.
    expect(moved[0]).toBeGreaterThan(moved[1]);
    expect(moved[1]).toBeGreaterThanOrEqual(moved[2]);
    expect(contrastRatio(moved, [255, 255, 255])).toBeLessThan(MIN_CONTRAST + 0.2);
  });
});

describe('parseColor', () => {
  it('reads the forms computed styles and the ANSI parser produce', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor(' #0d1117 ')).toEqual([13, 17, 23]);
    expect(parseColor('rgb(1 2 3)')).toEqual([1, 2, 3]);
    expect(parseColor('rgba(1, 2, 3, 0.5)')).toEqual([1, 2, 3]);
    expect(cssRgb([1, 2, 3])).toBe('rgb(1 2 3)');
  });

  it('answers undefined for anything it cannot read, so the span keeps its colour', () => {
    for (const value of ['', 'red', 'var(--x)', 'rgb(300 0 0)', '#12345', 'color-mix(in srgb, red, blue)']) {
      expect(parseColor(value)).toBeUndefined();
    }
  });
});
