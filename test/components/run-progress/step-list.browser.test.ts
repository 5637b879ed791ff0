import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, mount, settle } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

afterEach(cleanup);

function nodesUnder(root: Node): number {
  let n = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) n++;
  return n;
}

describe('<run-progress> step list', () => {
  it('keeps a constant node count while a run keeps changing and re-keying its steps', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps: [{ key: 'a' }, { key: 'b' }, { key: 'c' }] }));
    const { el, root } = await mount(feed);
    const list = () => root.querySelector('[part="steps"]') as HTMLElement;
    // Every round keeps one step, drops two, adds two new keys and reorders: what a run whose
    // plan is rewritten as it goes sends. lit's `repeat` left a comment behind per removed row.
    const round = async (r: number) => {
      const steps = [`new-${r}-1`, 'a', `new-${r}-2`].map((key) => ({ key, state: 'waiting' as const }));
      feed.fold([{ type: 'progress', phase: 'a', steps, time: iso(T0 + r * 1000) }]);
      await settle(el);
    };
    await round(0);
    const after = nodesUnder(list());
    for (let r = 1; r <= 60; r++) await round(r);
    expect(nodesUnder(list())).toBe(after);
    expect([...list().querySelectorAll('[part~="step-label"]')].map((s) => s.textContent)).toEqual([
      expect.stringMatching(/^new 60 1, /i),
      expect.stringMatching(/^a, /i),
      expect.stringMatching(/^new 60 2, /i),
    ]);
  });
});
