/**
 * WCAG contrast for log colours. A terminal program picks 256-colour and truecolour values
 * for a terminal's background, not ours (`#ff8700` on white is 2.4:1), so the renderer moves
 * such a colour toward black or white until it reads at {@link MIN_CONTRAST} on what it is
 * drawn on, as xterm.js's `minimumContrastRatio` does. Colours that already pass are kept.
 * @module
 */

/** WCAG AA for normal text. */
export const MIN_CONTRAST = 4.5;

/** An sRGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const RGB = /^rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})\s*(?:[,/]\s*[\d.]+%?\s*)?\)$/i;

/** `#rgb`, `#rrggbb`, `rgb(r g b)` or `rgb(r, g, b)` (alpha ignored); undefined for anything else. */
export function parseColor(value: string): Rgb | undefined {
  const v = value.trim();
  const hex = HEX.exec(v)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const m = RGB.exec(v);
  if (!m) return undefined;
  const channels = [m[1], m[2], m[3]].map(Number);
  return channels.every((c) => c <= 255) ? (channels as unknown as Rgb) : undefined;
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (WCAG 2). */
export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `a` moved the fraction `t` of the way to `b`, per channel. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;
}

const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

/**
 * `fg` if it reads at `min` on `bg`; else the colour closest to it, toward black or white
 * (whichever end contrasts more with `bg`), that does. One of the two ends always reaches
 * 4.5:1 (at worst 4.58:1 on a mid grey), so the answer always passes.
 */
export function readableOn(fg: Rgb, bg: Rgb, min = MIN_CONTRAST): Rgb {
  if (contrastRatio(fg, bg) >= min) return fg;
  const end = contrastRatio(BLACK, bg) >= contrastRatio(WHITE, bg) ? BLACK : WHITE;
  // Contrast grows monotonically along the way to the chosen end: bisect for the least move.
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 12; i++) {
    const t = (lo + hi) / 2;
    if (contrastRatio(mix(fg, end, t), bg) >= min) hi = t;
    else lo = t;
  }
  const moved = mix(fg, end, hi);
  // Rounding to whole channels can land a hair under: step once more in that case.
  return contrastRatio(moved, bg) >= min ? moved : mix(fg, end, Math.min(1, hi + 1 / 64));
}

/** CSS text of a colour. */
export function cssRgb([r, g, b]: Rgb): string {
  return `rgb(${r} ${g} ${b})`;
}
