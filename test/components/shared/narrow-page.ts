/**
 * A phone-width page with a horizontally scrolling box in it, as dashboards put wide tables:
 * for tests that an element's hidden texts never widen the page itself.
 * @module
 */

/** A 300 px scroll box in the page holding `inner` (styled with `innerCss`); returns both. */
export function narrowScrollBox<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  innerCss: string,
): { scroller: HTMLDivElement; inner: HTMLElementTagNameMap[K] } {
  const scroller = document.createElement('div');
  scroller.style.cssText = 'inline-size: 300px; overflow-x: auto;';
  const inner = document.createElement(tag);
  inner.style.cssText = innerCss;
  scroller.append(inner);
  document.body.append(scroller);
  return { scroller, inner };
}

/** Whether the page itself scrolls sideways. */
export function pageScrollsSideways(): boolean {
  const page = document.documentElement;
  return page.scrollWidth > page.clientWidth;
}

/** The style of a wide block whose content sits at its far end. */
export const WIDE_BLOCK = 'inline-size: 900px; padding-inline-start: 600px; box-sizing: border-box;';
