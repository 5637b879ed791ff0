import { afterEach, describe, expect, it } from 'vitest';
import { mount, scroller, settle } from './helpers.js';
import { TestFeed } from './test-feed.js';
import { engineName } from '../../setup/engine-name.js';

afterEach(() => {
  document.body.replaceChildren();
});

/**
 * Every node in the shadow tree: elements, text and comments. Lit marks its parts with
 * comments, and a leak of those (lit/lit#5298) is invisible to `querySelectorAll('*')`.
 */
function allNodes(el: HTMLElement): number {
  let n = 0;
  const walker = document.createTreeWalker(el.shadowRoot as ShadowRoot, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) n++;
  return n;
}

describe('<run-log-tail> DOM size', () => {
  it(
    'stays the same while the log grows tenfold, one redraw per batch',
    async () => {
      const feed = new TestFeed({ capacity: 1_000_000 });
      const el = await mount(feed);
      for (let i = 0; i < 20; i++) {
        feed.appendMany(100);
        await settle(el, 1);
      }
      const at2k = allNodes(el);
      expect(at2k).toBeLessThan(1000);
      for (let i = 0; i < 180; i++) {
        feed.appendMany(100);
        await settle(el, 1);
      }
      expect(el.rowCount).toBe(20_000);
      expect(allNodes(el)).toBe(at2k);
    }, // WebKitGTK under Xvfb takes longer for the million-line feed on a busy machine (docs/browsers.md).
    engineName === 'webkit' ? 90_000 : 30_000,
  );

  it('stays the same while the reader scrolls back and forth through grouped lines', async () => {
    const feed = new TestFeed({ capacity: 1_000_000 });
    const el = await mount(feed);
    for (let phase = 0; phase < 50; phase++)
      feed.append(Array.from({ length: 40 }, (_, i) => ({ text: `phase ${phase} line ${i}`, phase: `p${phase}` })));
    await settle(el);
    const before = allNodes(el);
    const s = scroller(el);
    for (let i = 0; i < 40; i++) {
      s.dispatchEvent(new KeyboardEvent('keydown', { key: i < 20 ? 'PageUp' : 'PageDown', bubbles: true }));
      await settle(el, 1);
    }
    await settle(el);
    expect(el.following).toBe(true);
    // Headers and lines trade places as the reader moves, so the count may differ by a row.
    expect(Math.abs(allNodes(el) - before)).toBeLessThan(40);
    expect(allNodes(el)).toBeLessThan(1000);
  });
});
