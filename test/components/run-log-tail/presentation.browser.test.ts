import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { mount, scroller, settle, visibleSeqs } from './helpers.js';
import { TestFeed } from './test-feed.js';
import { narrowScrollBox, pageScrollsSideways, WIDE_BLOCK } from '../shared/narrow-page.js';

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('dir');
});

function sample(feed: TestFeed): void {
  feed.append([
    { text: 'fetching', phase: 'fetch_data' },
    { text: 'WARN: slow', phase: 'fetch_data' },
    { text: '\x1b[31mERROR\x1b[0m boom', phase: 'export_reports', level: 'error' },
  ]);
}

describe('<run-log-tail> size', () => {
  it('fills a height given to the element, and is --run-log-height tall without one', async () => {
    const feed = new TestFeed();
    const sized = await mount(feed, (e) => (e.style.height = '640px'));
    const frame = sized.shadowRoot?.querySelector('.frame') as HTMLElement;
    expect(frame.getBoundingClientRect().height).toBeCloseTo(640, 0);
    // The log region takes what the toolbar and footer leave, more than its 400 px default here.
    expect(scroller(sized).getBoundingClientRect().height).toBeGreaterThan(500);
    feed.appendMany(200);
    await settle(sized);
    expect(visibleSeqs(sized).length).toBeGreaterThan(25);

    const auto = await mount(new TestFeed());
    expect(scroller(auto).getBoundingClientRect().height).toBeCloseTo(400, 0);
  });
});

describe('<run-log-tail> presentation', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations (${theme})`, async () => {
      const feed = new TestFeed();
      const el = await mount(feed, (e) => {
        e.theme = theme;
        e.timestamps = 'relative';
      });
      sample(feed);
      el.searchText = 'slow';
      await settle(el, 6);
      const result = await axe.run(el, { resultTypes: ['violations'] });
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  it('switches colours with the theme attribute', async () => {
    const feed = new TestFeed();
    const light = await mount(feed, (e) => (e.theme = 'light'));
    const dark = await mount(feed, (e) => (e.theme = 'dark'));
    expect(getComputedStyle(scroller(light)).backgroundColor).toBe('rgb(255, 255, 255)');
    expect(getComputedStyle(scroller(dark)).backgroundColor).toBe('rgb(13, 17, 23)');
  });

  it('takes theme colours from public custom properties', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => e.style.setProperty('--run-log-bg', 'rgb(1, 2, 3)'));
    expect(getComputedStyle(scroller(el)).backgroundColor).toBe('rgb(1, 2, 3)');
  });

  it('lays its chrome out right to left on an RTL page while log text stays left to right', async () => {
    document.documentElement.setAttribute('dir', 'rtl');
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append(['abc def']);
    await settle(el);
    const toolbar = el.shadowRoot?.querySelector('[part="toolbar"]') as HTMLElement;
    expect(getComputedStyle(toolbar).direction).toBe('rtl');
    const text = el.shadowRoot?.querySelector('.row.line .text') as HTMLElement;
    expect(getComputedStyle(text).direction).toBe('ltr');
    const num = el.shadowRoot?.querySelector('.row.line .num') as HTMLElement;
    expect(num.getBoundingClientRect().left).toBeLessThan(text.getBoundingClientRect().left);
  });

  it('fits a narrow width: the toolbar wraps and long lines scroll sideways inside the log', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.style.width = '280px'));
    feed.append(['x'.repeat(500), 'short']);
    await settle(el);
    expect(el.getBoundingClientRect().width).toBe(280);
    const frame = el.shadowRoot?.querySelector('[part="base"]') as HTMLElement;
    expect(frame.scrollWidth).toBeLessThanOrEqual(280);
    const s = scroller(el);
    expect(s.scrollWidth).toBeGreaterThan(s.clientWidth);
    expect(visibleSeqs(el)).toEqual([1, 2]);
  });
});

describe('<run-log-tail> hidden status texts', () => {
  it('do not widen a narrow page from inside a horizontally scrolling box', async () => {
    const { scroller, inner: wide } = narrowScrollBox('div', WIDE_BLOCK);
    const feed = new TestFeed();
    const el = await mount(feed, (e) => e.remove());
    wide.append(el);
    feed.append(['one', 'two']);
    await settle(el);
    expect(scroller.scrollWidth).toBeGreaterThan(800);
    expect(pageScrollsSideways()).toBe(false);
  });
});

describe('<run-log-tail> theme properties', () => {
  it('takes the kit-wide --run-*-color names that theme <run-progress>, and its own --run-log-* over them', async () => {
    const feed = new TestFeed();
    sample(feed);
    const el = await mount(feed, (e) => {
      e.theme = 'light';
      e.style.setProperty('--run-text-color', 'rgb(1, 2, 3)');
      e.style.setProperty('--run-danger-color', 'rgb(200, 0, 0)');
    });
    await settle(el);
    const frame = el.shadowRoot!.querySelector('.frame') as HTMLElement;
    expect(getComputedStyle(frame).color).toBe('rgb(1, 2, 3)');
    expect(getComputedStyle(el).getPropertyValue('--_error').trim()).toBe('rgb(200, 0, 0)');
    el.style.setProperty('--run-log-fg', 'rgb(4, 5, 6)');
    expect(getComputedStyle(frame).color).toBe('rgb(4, 5, 6)');
  });
});
