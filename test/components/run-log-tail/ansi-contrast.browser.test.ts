/**
 * Log colours stay readable: the 16 ANSI colours of the default palettes, and the 256-colour,
 * truecolour, dim and reverse-video colours a program picks for some other terminal, each meet
 * WCAG AA (4.5:1) against what they are drawn on, in the light and the dark theme, as
 * Chromium computes them.
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

  /** What a span's text is drawn on: its own background, else the log's. */
  function measure(el: Awaited<ReturnType<typeof mount>>): { text: string; color: string; ratio: number }[] {
    const background = getComputedStyle(scroller(el)).backgroundColor;
    const spans = [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.row.line .text span') ?? [])];
    return spans.map((span) => {
      const style = getComputedStyle(span);
      const own = style.backgroundColor;
      const under = own === 'rgba(0, 0, 0, 0)' ? background : own;
      // Opacity would blend the text into the background after this check: it must not be used.
      expect(style.opacity).toBe('1');
      return {
        text: span.textContent ?? '',
        color: style.color,
        ratio: Math.round(contrast(style.color, under) * 100) / 100,
      };
    });
  }

  const PICKED = [
    ['\x1b[38;5;208m', 'orange 208'],
    ['\x1b[38;5;75m', 'sky 75'],
    ['\x1b[38;5;73m', 'teal 73'],
    ['\x1b[38;5;245m', 'grey 245'],
    ['\x1b[38;2;80;160;255m', 'truecolour blue'],
    ['\x1b[38;2;255;255;0m', 'truecolour yellow'],
    ['\x1b[38;2;20;20;20m', 'truecolour near-black'],
    ['\x1b[97;48;5;22m', 'bright white on green 22'],
    ['\x1b[30;48;5;238m', 'black on grey 238'],
    ['\x1b[7;33m', 'reverse yellow'],
    ['\x1b[2m', 'dim'],
    ['\x1b[2;31m', 'dim red'],
    ['\x1b[2;38;5;250m', 'dim grey 250'],
  ] as const;

  for (const theme of ['light', 'dark'] as const) {
    it(`moves 256-colour, truecolour, dim and reverse colours to 4.5:1 on what they are drawn on (${theme})`, async () => {
      const feed = new TestFeed();
      const el = await mount(feed, (e) => (e.theme = theme));
      feed.append(PICKED.map(([sgr, name]) => ({ text: `${sgr}${name}\x1b[0m` })));
      await settle(el, 6);
      const measured = measure(el);
      expect(measured.map((m) => m.text)).toEqual(PICKED.map(([, name]) => name));
      expect(measured.filter((m) => m.ratio < 4.5)).toEqual([]);
    });
  }

  it('keeps a colour that already reads, and draws dim text dimmer than plain text', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.theme = 'light'));
    feed.append([{ text: '\x1b[38;2;0;0;0mblack\x1b[0m \x1b[2mdim\x1b[0m \x1b[1mbold\x1b[0m' }]);
    await settle(el, 6);
    const [black, dim, bold] = measure(el);
    expect(black?.color).toBe('rgb(0, 0, 0)');
    const background = getComputedStyle(scroller(el)).backgroundColor;
    // Dim is still visibly dim: less contrast than the log's own text, yet at least 4.5:1.
    expect(dim?.ratio).toBeGreaterThanOrEqual(4.5);
    expect(dim!.ratio).toBeLessThan(contrast(bold!.color, background));
  });

  it('recomputes the colours when the theme changes', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.theme = 'light'));
    feed.append([{ text: '\x1b[38;5;208morange\x1b[0m \x1b[38;5;17mnavy\x1b[0m' }]);
    await settle(el, 6);
    const light = measure(el);
    el.theme = 'dark';
    await settle(el, 6);
    const dark = measure(el);
    expect(light.filter((m) => m.ratio < 4.5)).toEqual([]);
    expect(dark.filter((m) => m.ratio < 4.5)).toEqual([]);
    expect(dark.map((m) => m.color)).not.toEqual(light.map((m) => m.color));
  });

  it('follows a page override of the log background', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => {
      e.theme = 'light';
      e.style.setProperty('--run-log-bg', '#202020');
      e.style.setProperty('--run-log-fg', '#f0f0f0');
    });
    feed.append([{ text: '\x1b[38;5;17mnavy\x1b[0m \x1b[34mblue\x1b[0m' }]);
    await settle(el, 6);
    expect(getComputedStyle(scroller(el)).backgroundColor).toBe('rgb(32, 32, 32)');
    expect(measure(el).filter((m) => m.ratio < 4.5)).toEqual([]);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`draws debug lines at 4.5:1 (${theme})`, async () => {
      const feed = new TestFeed();
      const el = await mount(feed, (e) => (e.theme = theme));
      feed.append([{ text: 'a debug line', level: 'debug' }]);
      await settle(el, 6);
      const text = el.shadowRoot?.querySelector<HTMLElement>('.row.line .text');
      const style = getComputedStyle(text!);
      expect(style.opacity).toBe('1');
      const ratio = contrast(style.color, getComputedStyle(scroller(el)).backgroundColor);
      expect(ratio).toBeGreaterThanOrEqual(4.5);
    });
  }
});
