/**
 * The 16 ANSI colours of the default palettes stay readable: each meets WCAG AA (4.5:1)
 * against the log background, in the light and the dark theme, as Chromium computes them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mount, scroller, settle } from './helpers.js';
import { TestFeed } from './test-feed.js';

afterEach(() => document.body.replaceChildren());

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** sRGB relative luminance of a computed `rgb(r, g, b)` colour (WCAG 2.x). */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('<run-log-tail> ANSI palette contrast', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`meets 4.5:1 against the log background for all 16 colours (${theme})`, async () => {
      const feed = new TestFeed();
      const el = await mount(feed, (e) => (e.theme = theme));
      const codes = [...NAMES.map((_, i) => 30 + i), ...NAMES.map((_, i) => 90 + i)];
      feed.append(codes.map((code) => ({ text: `\x1b[${code}mcolour ${code}\x1b[0m` })));
      await settle(el, 6);
      const background = getComputedStyle(scroller(el)).backgroundColor;
      const spans = [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.row.line .text [style]') ?? [])];
      const measured = spans.map((span) => ({
        text: span.textContent ?? '',
        ratio: Math.round(contrast(getComputedStyle(span).color, background) * 100) / 100,
      }));
      expect(measured.map((m) => m.text)).toEqual(codes.map((code) => `colour ${code}`));
      expect(measured.filter((m) => m.ratio < 4.5)).toEqual([]);
    });
  }
});
