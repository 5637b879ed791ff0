import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunLogTail } from '../../../src/components/run-log-tail/run-log-tail.js';
import { mount, settle, visibleSeqs } from './helpers.js';
import { TestFeed } from './test-feed.js';
import { engineName } from '../../setup/engine-name.js';

afterEach(() => {
  document.body.replaceChildren();
});

async function untilScanned(el: RunLogTail): Promise<void> {
  for (let i = 0; i < 500 && el.scanning; i++) await settle(el, 1);
  await settle(el);
}

function marks(el: RunLogTail): string[] {
  return [...(el.shadowRoot?.querySelectorAll('mark') ?? [])].map((m) => m.textContent ?? '');
}

describe('<run-log-tail> search', () => {
  it('finds matches over the whole window and steps to ones not on screen', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(5000, (seq) => (seq % 1000 === 7 ? `needle at ${seq}` : `hay ${seq}`));
    await settle(el);
    expect(visibleSeqs(el)).not.toContain(7);
    el.searchText = 'NEEDLE';
    await untilScanned(el);
    expect(el.matchSeqs).toEqual([7, 1007, 2007, 3007, 4007]);
    expect(el.shadowRoot?.querySelector('[part="match-count"]')?.textContent).toBe('5 matching lines');

    el.nextMatch();
    await settle(el);
    // Starts from where the reader is (the end), so it wraps to the first.
    expect(visibleSeqs(el)).toContain(7);
    expect(el.following).toBe(false);
    expect(el.shadowRoot?.querySelector('mark.current')?.textContent).toBe('needle');
    expect(el.shadowRoot?.querySelector('[part="match-count"]')?.textContent).toBe('1 of 5');

    el.nextMatch();
    await settle(el);
    expect(visibleSeqs(el)).toContain(1007);
    expect(visibleSeqs(el)).not.toContain(7);
    el.previousMatch();
    el.previousMatch();
    await settle(el);
    expect(visibleSeqs(el)).toContain(4007);
    expect(el.shadowRoot?.querySelector('[part="match-count"]')?.textContent).toBe('5 of 5');
  });

  it('highlights every match in a line, through ANSI styling', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append(['\x1b[31mer\x1b[0mror: error and ERROR']);
    el.searchText = 'error';
    await untilScanned(el);
    expect(marks(el)).toEqual(['er', 'ror', 'error', 'ERROR']);
  });

  it('finds lines that arrive after the search started', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(100);
    el.searchText = 'late';
    await untilScanned(el);
    expect(el.matchSeqs).toEqual([]);
    expect(el.shadowRoot?.querySelector('[part="match-count"]')?.textContent).toBe('No matches');
    feed.append(['a late line']);
    await settle(el);
    expect(el.matchSeqs).toEqual([101]);
  });

  // Open in WebKitGTK: failed once in a CI-like run, cause not found yet (docs/browsers.md).
  it.skipIf(engineName === 'webkit')(
    'searches a large window in the worker and keeps results current as lines arrive',
    async () => {
      const feed = new TestFeed({ capacity: 200_000 });
      const el = await mount(feed, (e) => (e.createSearchWorker = undefined));
      feed.appendMany(120_000, (seq) => (seq % 30_000 === 0 ? `target ${seq}` : `line ${seq}`));
      await settle(el);
      el.searchText = 'target';
      await settle(el, 1);
      expect(el.scanning).toBe(true);
      await untilScanned(el);
      expect(el.matchSeqs).toEqual([30_000, 60_000, 90_000, 120_000]);
      feed.append(['target again']);
      await settle(el);
      expect(el.matchSeqs.at(-1)).toBe(120_001);
    },
  );
});

describe('<run-log-tail> filter', () => {
  it('shows only the chosen levels, over the whole window', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(3000, (seq) =>
      seq % 500 === 0 ? `ERROR: failure ${seq}` : seq % 700 === 0 ? `WARN slow ${seq}` : `ok ${seq}`,
    );
    await settle(el);
    el.levels = ['error'];
    await untilScanned(el);
    expect(visibleSeqs(el)).toEqual([500, 1000, 1500, 2000, 2500, 3000]);
    expect(el.shadowRoot?.querySelector('[part="status"]')?.textContent).toContain('Showing 6 of 3,000 lines');
    el.levels = ['error', 'warn'];
    await untilScanned(el);
    expect(visibleSeqs(el)).toEqual([500, 700, 1000, 1400, 1500, 2000, 2100, 2500, 2800, 3000]);
    el.levels = undefined;
    await untilScanned(el);
    expect(visibleSeqs(el).at(-1)).toBe(3000);
    expect(visibleSeqs(el).length).toBeGreaterThan(10);
  });

  it('toggles levels from the toolbar', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append([{ text: 'dbg', level: 'debug' }, 'info line', { text: 'bad', level: 'error' }]);
    await settle(el);
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[data-level="info"]')?.click();
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[data-level="debug"]')?.click();
    await untilScanned(el);
    expect(visibleSeqs(el)).toEqual([3]);
    expect(el.shadowRoot?.querySelector('button[data-level="info"]')?.getAttribute('aria-pressed')).toBe('false');
  });

  it('filters by text, and new lines that match appear while following', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(2000, (seq) => (seq % 400 === 0 ? `checkpoint ${seq}` : `step ${seq}`));
    el.filterText = 'CHECKPOINT';
    await untilScanned(el);
    expect(visibleSeqs(el)).toEqual([400, 800, 1200, 1600, 2000]);
    feed.append(['step x', 'checkpoint final']);
    await settle(el);
    expect(visibleSeqs(el)).toEqual([400, 800, 1200, 1600, 2000, 2002]);
  });

  it('clears the search even when Filter is typed in right after clearing it', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(50, (seq) => (seq % 10 === 0 ? `checkpoint ${seq}` : `step ${seq}`));
    el.searchText = 'step';
    await untilScanned(el);
    const input = (part: string) =>
      el.shadowRoot?.querySelector<HTMLInputElement>(`input[part="${part}"]`) as HTMLInputElement;
    input('search').value = '';
    input('search').dispatchEvent(new Event('input'));
    // Within the debounce of the first field.
    input('filter').value = 'checkpoint';
    input('filter').dispatchEvent(new Event('input'));
    await vi.waitFor(() => expect(el.filterText).toBe('checkpoint'), { timeout: 2000 });
    await vi.waitFor(() => expect(el.searchText).toBe(''), { timeout: 2000 });
    await untilScanned(el);
    expect(marks(el)).toEqual([]);
    expect(visibleSeqs(el)).toEqual([10, 20, 30, 40, 50]);
  });

  it('types into the search box without waiting for the scan', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(20_000);
    await settle(el);
    const input = el.shadowRoot?.querySelector<HTMLInputElement>('input[part="search"]') as HTMLInputElement;
    input.value = 'line 19999';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await untilScanned(el);
    el.nextMatch();
    await settle(el);
    expect(el.matchSeqs).toEqual([19_999]);
    expect(visibleSeqs(el)).toContain(19_999);
  });
});
