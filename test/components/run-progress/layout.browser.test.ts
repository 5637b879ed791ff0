import { afterEach, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../src/contract/index.js';
import { cleanup, mount, partText } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';
import { narrowScrollBox, pageScrollsSideways, WIDE_BLOCK } from '../shared/narrow-page.js';

afterEach(cleanup);

const run: RunSnapshot = snapshot(
  {},
  {
    status: 'running',
    startedAt: iso(T0 - 65_000),
    phase: 'underwriting_checks_for_very_long_portfolio_names',
    message: 'A fairly long message that has to wrap on a narrow card without overflowing',
    percent: 42,
    steps: [
      { key: 'fetch', state: 'done', startedAt: iso(T0 - 65_000), endedAt: iso(T0 - 20_000) },
      { key: 'underwriting_checks_for_very_long_portfolio_names', state: 'running', startedAt: iso(T0 - 20_000) },
      { key: 'export', state: 'waiting' },
    ],
  },
);

function overflows(el: HTMLElement): string[] {
  const limit = el.getBoundingClientRect();
  const out: string[] = [];
  for (const node of el.shadowRoot!.querySelectorAll<HTMLElement>('[part]')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0) continue;
    if (box.left < limit.left - 0.5 || box.right > limit.right + 0.5) out.push(node.getAttribute('part')!);
  }
  return out;
}

describe('layout', () => {
  it('stays inside 240 px with long words', async () => {
    const { el } = await mount(new TestFeed('a-rather-long-run-id-0123456789', run), { width: '240px' });
    expect(el.getBoundingClientRect().width).toBe(240);
    expect(overflows(el)).toEqual([]);
  });

  it('compact layout is a single line with the essentials', async () => {
    const { el } = await mount(new TestFeed('run-1', run), { attrs: { layout: 'compact' }, width: '420px' });
    const base = el.shadowRoot!.querySelector('[part="base"]')!;
    const lineHeight = parseFloat(getComputedStyle(base).fontSize) * 2;
    expect(base.getBoundingClientRect().height).toBeLessThan(lineHeight);
    expect(el.shadowRoot!.querySelector('[part="steps"]')).toBeNull();
    expect(partText(el, 'percent')).toBe('42%');
    expect(el.shadowRoot!.querySelector('[role="progressbar"]')).not.toBeNull();
    expect(overflows(el)).toEqual([]);
  });

  it('compact layout at 240 px still fits on one line', async () => {
    const { el } = await mount(new TestFeed('run-1', run), { attrs: { layout: 'compact' }, width: '240px' });
    const base = el.shadowRoot!.querySelector('[part="base"]')!;
    expect(base.getBoundingClientRect().height).toBeLessThan(parseFloat(getComputedStyle(base).fontSize) * 2);
    expect(overflows(el)).toEqual([]);
  });

  it('mirrors for right-to-left: the bar fills from the right', async () => {
    document.documentElement.dir = 'rtl';
    const { el } = await mount(new TestFeed('run-1', run), { width: '300px' });
    const bar = el.shadowRoot!.querySelector('[part="bar"]')!.getBoundingClientRect();
    const fill = el.shadowRoot!.querySelector('[part="indicator"]')!.getBoundingClientRect();
    expect(Math.abs(fill.right - bar.right)).toBeLessThan(1);
    expect(fill.left).toBeGreaterThan(bar.left + 100);
    const connection = el.shadowRoot!.querySelector('[part="connection"]')!.getBoundingClientRect();
    // The indicator sits at the inline end, which is the left in RTL.
    expect(connection.left - el.getBoundingClientRect().left).toBeLessThan(5);
  });

  it.each(['ltr', 'rtl'] as const)('sweeps the indeterminate bar from the inline start (%s)', async (dir) => {
    document.documentElement.dir = dir;
    const { el } = await mount(new TestFeed('run-1', { ...run, percent: undefined }), { width: '300px' });
    const bar = el.shadowRoot!.querySelector('[part="bar"]')!;
    const indicator = el.shadowRoot!.querySelector<HTMLElement>('[part="indicator"]')!;
    const [animation] = indicator.getAnimations();
    expect(animation).toBeDefined();
    animation!.pause();
    const at = (progress: number) => {
      animation!.currentTime = 1400 * progress;
      return indicator.getBoundingClientRect();
    };
    const track = bar.getBoundingClientRect();
    const start = at(0);
    const end = at(0.999);
    if (dir === 'ltr') {
      expect(start.right).toBeLessThanOrEqual(track.left + 1);
      expect(end.left).toBeGreaterThanOrEqual(track.right - 2);
    } else {
      expect(start.left).toBeGreaterThanOrEqual(track.right - 1);
      expect(end.right).toBeLessThanOrEqual(track.left + 2);
    }
  });

  it('uses the dark palette for theme="dark" and the light one for theme="light"', async () => {
    const { el } = await mount(new TestFeed('run-1', run), { attrs: { theme: 'dark' } });
    const phase = el.shadowRoot!.querySelector('[part="phase"]')!;
    expect(getComputedStyle(phase).color).toBe('rgb(230, 237, 243)');
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(phase).color).toBe('rgb(31, 35, 40)');
  });

  it('takes public --run-* custom properties and ::part styles from the page', async () => {
    const style = document.createElement('style');
    style.textContent = `run-progress { --run-accent-color: rgb(1, 2, 3); } run-progress::part(step-done) { color: rgb(4, 5, 6); }`;
    document.body.append(style);
    const { el } = await mount(new TestFeed('run-1', run));
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part="indicator"]')!).backgroundColor).toBe('rgb(1, 2, 3)');
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part~="step-done"]')!).color).toBe('rgb(4, 5, 6)');
  });

  it('adds no styles to the page', async () => {
    const before = document.styleSheets.length + document.adoptedStyleSheets.length;
    await mount(new TestFeed('run-1', run));
    expect(document.styleSheets.length + document.adoptedStyleSheets.length).toBe(before);
  });
});

describe('screen-reader text stays inside the element', () => {
  it('does not widen a narrow page from inside a horizontally scrolling table', async () => {
    // A 300 px scroll box around a table three times as wide, compact bars in its far column,
    // as a dashboard does on a phone: the page itself must not scroll sideways.
    const { scroller, inner: table } = narrowScrollBox('table', 'inline-size: 900px; table-layout: fixed;');
    const cells: HTMLElement[] = [];
    for (let i = 0; i < 3; i++) {
      const row = table.insertRow();
      row.insertCell().textContent = `Run ${i}`;
      row.insertCell().textContent = 'nightly pricing';
      cells.push(row.insertCell());
    }
    for (const [i, cell] of cells.entries()) {
      await mount(new TestFeed(`run-${i}`, run), { attrs: { layout: 'compact' }, parent: cell });
    }
    expect(scroller.scrollWidth).toBeGreaterThan(800);
    expect(pageScrollsSideways()).toBe(false);
  });

  it('keeps the hidden step states of the full layout inside the element too', async () => {
    const { inner: wide } = narrowScrollBox('div', WIDE_BLOCK);
    await mount(new TestFeed('run-1', run), { parent: wide });
    expect(pageScrollsSideways()).toBe(false);
  });
});
