/**
 * The header of the group whose lines fill the top of the log stays pinned there, as in
 * GitHub Actions' and Buildkite's logs, and folds its group from there.
 */
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunLogTail } from '../../../src/components/run-log-tail/run-log-tail.js';
import { mount, scroller, settle, userScrollTo } from './helpers.js';
import { TestFeed, type LineInput } from './test-feed.js';

afterEach(() => document.body.replaceChildren());

const lines = (phase: string, n: number): LineInput[] =>
  Array.from({ length: n }, (_, i) => ({ text: `${phase} ${i}`, phase }));
const sticky = (el: RunLogTail) => el.shadowRoot?.querySelector<HTMLElement>('[part="sticky-header"]');

async function threeGroups(): Promise<RunLogTail> {
  const feed = new TestFeed();
  const el = await mount(feed);
  feed.append([...lines('fetch', 100), ...lines('score', 100), ...lines('export', 100)]);
  await settle(el);
  return el;
}

describe('<run-log-tail> sticky group header', () => {
  it("pins the header of the group being read to the log's top edge", async () => {
    const el = await threeGroups();
    await userScrollTo(el, 0);
    expect(sticky(el)).toBeNull(); // the first row is the header itself
    const row = el.shadowRoot!.querySelector<HTMLElement>('.row.line')!.getBoundingClientRect().height;
    await userScrollTo(el, row * 150);
    const pinned = sticky(el);
    expect(pinned?.querySelector('.phase')?.textContent).toBe('Score');
    const top = scroller(el).getBoundingClientRect().top;
    expect(Math.abs(pinned!.getBoundingClientRect().top - top)).toBeLessThan(2);
    expect(await axe.run(el, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id))).toEqual([]);
  });

  it('folds its group from the pinned header', async () => {
    const el = await threeGroups();
    const row = el.shadowRoot!.querySelector<HTMLElement>('.row.line')!.getBoundingClientRect().height;
    await userScrollTo(el, row * 150);
    sticky(el)?.querySelector<HTMLElement>('[part="group-toggle"]')?.click();
    await settle(el);
    expect(el.phaseGroups.map((g) => g.collapsed)).toEqual([false, true, false]);
  });
});
