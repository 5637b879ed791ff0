/** Mounting `<run-progress>` for tests. */
import '../../../src/components/run-progress/run-progress.js';
import type { RunProgress } from '../../../src/components/run-progress/run-progress.js';
import type { RunFeed } from '../../../src/feed/types.js';
import { ManualClock } from './test-feed.js';

/** Mounts an element following `feed` with a manual clock; removed after the test by `cleanup`. */
export async function mount(
  feed: RunFeed | undefined,
  options: { clock?: ManualClock; attrs?: Record<string, string>; width?: string; parent?: HTMLElement } = {},
): Promise<{ el: RunProgress; clock: ManualClock; root: ShadowRoot }> {
  const el = document.createElement('run-progress');
  const clock = options.clock ?? new ManualClock();
  el.clock = clock;
  for (const [name, value] of Object.entries(options.attrs ?? {})) el.setAttribute(name, value);
  if (options.width) el.style.inlineSize = options.width;
  el.feed = feed;
  (options.parent ?? document.body).append(el);
  await el.updateComplete;
  return { el, clock, root: el.shadowRoot as ShadowRoot };
}

/** Removes every mounted element. */
export function cleanup(): void {
  for (const el of document.querySelectorAll('run-progress')) el.remove();
  document.body.replaceChildren();
  document.body.removeAttribute('style');
  document.documentElement.removeAttribute('dir');
}

/** The visible text of a part (whitespace collapsed), or `undefined` when absent. */
export function partText(el: RunProgress, part: string): string | undefined {
  const node = el.shadowRoot?.querySelector(`[part~="${part}"]`);
  return node ? (node.textContent ?? '').replace(/\s+/g, ' ').trim() : undefined;
}

/** The element's text, as a reader sees it. */
export function text(el: RunProgress): string {
  return (el.shadowRoot?.querySelector('[part="base"]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Lets the element render after a feed change or clock tick. */
export async function settle(el: RunProgress): Promise<void> {
  await el.updateComplete;
  await el.updateComplete;
}
