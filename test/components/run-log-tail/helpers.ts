/** Mounting and waiting helpers for `<run-log-tail>` browser tests. */
import '../../../src/components/run-log-tail/run-log-tail.js';
import type { RunLogTail } from '../../../src/components/run-log-tail/run-log-tail.js';
import type { RunFeed } from '../../../src/feed/types.js';

/** Resolves after the next animation frame. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Lets ingestion (per frame), rendering, measuring and any scroll events settle. */
export async function settle(el: RunLogTail, frames = 3): Promise<void> {
  for (let i = 0; i < frames; i++) {
    await nextFrame();
    await el.updateComplete;
  }
}

/** Puts a `<run-log-tail>` on the page with `feed`, 400 px tall and 800 px wide. */
export async function mount(feed: RunFeed | undefined, setup?: (el: RunLogTail) => void): Promise<RunLogTail> {
  const el = document.createElement('run-log-tail');
  el.style.setProperty('--run-log-height', '400px');
  el.style.width = '800px';
  el.style.display = 'block';
  el.createSearchWorker = null;
  setup?.(el);
  el.feed = feed;
  document.body.append(el);
  await settle(el);
  return el;
}

/** The scrolling region. */
export function scroller(el: RunLogTail): HTMLElement {
  return el.shadowRoot?.querySelector('.scroller') as HTMLElement;
}

/** Seqs of the line rows inside the visible part of the scroller, top to bottom. */
export function visibleSeqs(el: RunLogTail): number[] {
  const box = scroller(el).getBoundingClientRect();
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.row.line') ?? [])]
    .filter((row) => {
      const r = row.getBoundingClientRect();
      return r.bottom > box.top + 1 && r.top < box.bottom - 1;
    })
    .map((row) => Number(row.dataset.seq))
    .sort((a, b) => a - b);
}

/** Text of the visible line with this seq (its log text only). */
export function lineText(el: RunLogTail, seq: number): string | undefined {
  return el.shadowRoot?.querySelector(`.row.line[data-seq="${seq}"] .text`)?.textContent ?? undefined;
}

/** Scrolls like a reader would (sets the scroll position; the element sees a scroll event). */
export async function userScrollTo(el: RunLogTail, top: number): Promise<void> {
  scroller(el).scrollTop = top;
  await settle(el);
}

/** Number of elements in the element's shadow tree. */
export function shadowNodeCount(el: RunLogTail): number {
  return el.shadowRoot?.querySelectorAll('*').length ?? 0;
}
