/**
 * The toolbar folds in a narrow element: search stays in one row with its arrows, the other
 * controls go behind "More log tools", and the log keeps its height. It can be hidden.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { hasUserEvent } from '../../setup/engine-name.js';
import { mount, scroller, settle } from './helpers.js';
import { TestFeed } from './test-feed.js';

afterEach(() => document.body.replaceChildren());

function shown(root: ShadowRoot, selector: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(selector)].filter((e) => e.getClientRects().length > 0);
}

async function at(width: string) {
  const feed = new TestFeed();
  const el = await mount(feed, (e) => {
    e.style.width = width;
    e.style.height = '360px';
  });
  feed.appendMany(50);
  await settle(el);
  return { el, root: el.shadowRoot as ShadowRoot };
}

describe('<run-log-tail> toolbar', () => {
  for (const width of ['240px', '390px']) {
    it(`keeps to one row at ${width}, with the search and both arrows on it`, async () => {
      const { el, root } = await at(width);
      const toolbar = root.querySelector<HTMLElement>('[part="toolbar"]')!;
      const search = root.querySelector<HTMLElement>('[part="search"]')!;
      const arrows = shown(root, '.search-box button');
      const more = root.querySelector<HTMLElement>('[part~="more"]')!;
      expect(arrows).toHaveLength(2);
      const top = search.getBoundingClientRect().top;
      for (const control of [...arrows, more])
        expect(Math.abs(control.getBoundingClientRect().top - top)).toBeLessThan(6);
      expect(toolbar.getBoundingClientRect().height).toBeLessThan(48);
      expect(toolbar.scrollWidth).toBeLessThanOrEqual(toolbar.clientWidth);
      expect(shown(root, '[part="filter"]')).toEqual([]);
      // 360 px box: the log keeps most of it.
      expect(scroller(el).getBoundingClientRect().height).toBeGreaterThan(250);
    });
  }

  it('shows the folded controls behind "More log tools", and marks it while a filter is on', async () => {
    const { el, root } = await at('320px');
    const more = root.querySelector<HTMLElement>('[part~="more"]')!;
    expect(more.getAttribute('aria-label')).toBe('More log tools');
    expect(more.getAttribute('aria-expanded')).toBe('false');
    more.click();
    await settle(el);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const filter = shown(root, '[part="filter"]');
    expect(filter).toHaveLength(1);
    expect(shown(root, '[part~="level-toggle"]')).toHaveLength(4);
    const toolbar = root.querySelector<HTMLElement>('[part="toolbar"]')!;
    expect(toolbar.scrollWidth).toBeLessThanOrEqual(toolbar.clientWidth);
    el.filterText = 'line 1';
    more.click();
    await settle(el);
    expect(more.hasAttribute('data-active')).toBe(true);
  });

  it('shows every control in one toolbar when there is room, with no "More" button', async () => {
    const { root } = await at('900px');
    expect(shown(root, '[part~="more"]')).toEqual([]);
    expect(shown(root, '[part="filter"]')).toHaveLength(1);
    expect(shown(root, '[part~="level-toggle"]')).toHaveLength(4);
  });

  it('hides the toolbar with toolbar="off", and the log takes the room', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => {
      e.setAttribute('toolbar', 'off');
      e.style.height = '360px';
    });
    feed.appendMany(50);
    await settle(el);
    expect(el.shadowRoot?.querySelector('[part="toolbar"]')).toBeNull();
    expect(scroller(el).getBoundingClientRect().height).toBeGreaterThan(300);
    el.searchText = 'line 4';
    await settle(el);
    expect(el.matchSeqs.length).toBeGreaterThan(0);
  });

  it('shows line times from its "Times" toggle', async () => {
    const { el, root } = await at('900px');
    const times = root.querySelector<HTMLElement>('[data-action-times]')!;
    expect(times.getAttribute('aria-pressed')).toBe('false');
    expect(root.querySelector('[part="timestamp"]')).toBeNull();
    times.click();
    await settle(el);
    expect(el.timestamps).toBe('absolute');
    expect(times.getAttribute('aria-pressed')).toBe('true');
    expect(root.querySelector('[part="timestamp"]')).not.toBeNull();
    times.click();
    await settle(el);
    expect(el.timestamps).toBe('none');
  });

  // Full screen needs a real click (user activation): userEvent, Chromium only here.
  it.skipIf(!hasUserEvent)('goes full screen from its toggle and back', async () => {
    const { el, root } = await at('900px');
    const button = root.querySelector<HTMLElement>('[data-action-full-screen]')!;
    await userEvent.click(button);
    await expect.poll(() => document.fullscreenElement).toBe(el);
    await settle(el);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(scroller(el).getBoundingClientRect().height).toBeGreaterThan(400);
    await userEvent.click(button);
    await expect.poll(() => document.fullscreenElement).toBeNull();
    await settle(el);
    expect(button.getAttribute('aria-pressed')).toBe('false');
  });
});
