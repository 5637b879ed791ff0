/**
 * Scaled scrolling. Browsers clamp element heights (Chromium near 33.5 M px, Firefox near
 * 17.9 M px), so a million 20 px rows (20 M px) cannot be one tall element. The scroller's
 * spacer is at most {@link MAX_SCROLL_HEIGHT} tall and a scroll position maps linearly onto
 * the content: `contentTop = scrollTop · scale`. Below the ceiling the scale is 1 and
 * scrolling is exactly native; above it the wheel moves `scale` times faster, and the
 * keyboard and `scrollToSeq` stay exact because they set rows, not pixels.
 * @module
 */

/** Tallest spacer used: under every engine's clamp with room to spare. */
export const MAX_SCROLL_HEIGHT = 8_000_000;

/** The scroll geometry for a row count. */
export interface ScrollGeometry {
  rowCount: number;
  rowHeight: number;
  viewportHeight: number;
  /** Height of all rows. */
  contentHeight: number;
  /** Height of the scrollable spacer (≤ the ceiling). */
  spacerHeight: number;
  /** Content pixels per scroll pixel (≥ 1). */
  scale: number;
}

/** The geometry of `rowCount` rows of `rowHeight` in a viewport of `viewportHeight`. */
export function scrollGeometry(
  rowCount: number,
  rowHeight: number,
  viewportHeight: number,
  maxHeight = MAX_SCROLL_HEIGHT,
): ScrollGeometry {
  const contentHeight = rowCount * rowHeight;
  const spacerHeight = Math.min(contentHeight, maxHeight);
  const scrollRange = spacerHeight - viewportHeight;
  const scale = scrollRange > 0 && contentHeight > spacerHeight ? (contentHeight - viewportHeight) / scrollRange : 1;
  return { rowCount, rowHeight, viewportHeight, contentHeight, spacerHeight, scale };
}

/** Largest content offset (the end of the log at the bottom of the viewport). */
export function maxContentTop(g: ScrollGeometry): number {
  return Math.max(0, g.contentHeight - g.viewportHeight);
}

/** Content offset shown at scroll position `scrollTop`. */
export function contentTopFor(g: ScrollGeometry, scrollTop: number): number {
  return Math.min(maxContentTop(g), Math.max(0, scrollTop * g.scale));
}

/** Scroll position that shows content offset `contentTop`. */
export function scrollTopFor(g: ScrollGeometry, contentTop: number): number {
  return Math.min(maxContentTop(g), Math.max(0, contentTop)) / g.scale;
}

/** The rows to render for content offset `contentTop`: the first, how far it is scrolled off, how many. */
export function visibleRange(g: ScrollGeometry, contentTop: number): { first: number; offset: number; count: number } {
  if (g.rowCount === 0 || g.rowHeight <= 0) return { first: 0, offset: 0, count: 0 };
  const first = Math.min(g.rowCount - 1, Math.floor(contentTop / g.rowHeight));
  const offset = contentTop - first * g.rowHeight;
  const count = Math.min(g.rowCount - first, Math.ceil((g.viewportHeight + offset) / g.rowHeight) + 1);
  return { first, offset, count };
}
