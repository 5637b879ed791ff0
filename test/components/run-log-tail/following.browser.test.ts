import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/contract/index.js';
import { mount, scroller, settle, userScrollTo, visibleSeqs } from './helpers.js';
import { TestFeed } from './test-feed.js';

afterEach(() => {
  document.body.replaceChildren();
});

describe('<run-log-tail> following the end', () => {
  it('shows new lines as they arrive and keeps the last one in view', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(5);
    await settle(el);
    expect(visibleSeqs(el)).toEqual([1, 2, 3, 4, 5]);
    feed.appendMany(500);
    await settle(el);
    const seen = visibleSeqs(el);
    expect(seen[seen.length - 1]).toBe(505);
    expect(el.following).toBe(true);
  });

  it('stops following when the reader scrolls up, counts new lines, and resumes at the end', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(1000);
    await settle(el);
    await userScrollTo(el, 2000);
    expect(el.following).toBe(false);
    const reading = visibleSeqs(el);
    expect(reading[0]).toBeGreaterThan(50);
    expect(reading[0]).toBeLessThan(200);

    feed.appendMany(37);
    await settle(el);
    // Nothing moved under the reader's eyes.
    expect(visibleSeqs(el)).toEqual(reading);
    const jump = el.shadowRoot?.querySelector<HTMLButtonElement>('[part="jump"]');
    expect(jump?.textContent).toContain('37 new lines');

    jump?.click();
    await settle(el);
    expect(el.following).toBe(true);
    expect(visibleSeqs(el).at(-1)).toBe(1037);
    feed.appendMany(3);
    await settle(el);
    expect(visibleSeqs(el).at(-1)).toBe(1040);
  });

  it('claims no new lines on a finished run after stepping to a match or a linked line', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(300, (seq) => (seq === 40 ? `needle ${seq}` : `line ${seq}`));
    feed.setRun({ status: 'succeeded', endedAt: new Date().toISOString() });
    await settle(el);
    el.searchText = 'needle';
    await settle(el);
    for (let i = 0; i < 100 && el.scanning; i++) await settle(el, 1);
    expect(el.matchSeqs).toEqual([40]);
    el.nextMatch();
    await settle(el);
    expect(visibleSeqs(el)).toContain(40);
    const jump = () => el.shadowRoot?.querySelector<HTMLButtonElement>('[part="jump"]')?.textContent?.trim();
    expect(jump()).toBe('Jump to end');
    el.jumpToEnd();
    await settle(el);
    expect(el.scrollToSeq(20)).toBe(true);
    await settle(el);
    expect(visibleSeqs(el)).toContain(20);
    expect(jump()).toBe('Jump to end');
    // Lines that do arrive after the jump are still counted.
    feed.appendMany(5);
    await settle(el);
    expect(jump()).toContain('5 new lines');
  });

  it('follows again when the reader scrolls back to the end', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(300);
    await settle(el);
    await userScrollTo(el, 100);
    expect(el.following).toBe(false);
    const s = scroller(el);
    await userScrollTo(el, s.scrollHeight);
    expect(el.following).toBe(true);
    feed.appendMany(10);
    await settle(el);
    expect(visibleSeqs(el).at(-1)).toBe(310);
  });

  it('scrolls with PageUp, PageDown, Home and End from the keyboard', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(1000);
    await settle(el);
    const s = scroller(el);
    const press = async (key: string) => {
      s.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      await settle(el);
    };
    await press('Home');
    expect(visibleSeqs(el)[0]).toBe(1);
    expect(el.following).toBe(false);
    await press('PageDown');
    const afterPage = visibleSeqs(el)[0] ?? 0;
    expect(afterPage).toBeGreaterThan(10);
    await press('PageUp');
    expect(visibleSeqs(el)[0]).toBe(1);
    await press('End');
    expect(el.following).toBe(true);
    expect(visibleSeqs(el).at(-1)).toBe(1000);
  });

  it('follows the end with wrapped lines of many heights, and scrolls back to the first', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.wrap = true));
    feed.appendMany(300, (seq) => `${seq} ` + 'word '.repeat(seq % 7 === 0 ? 120 : 2));
    await settle(el, 5);
    const s = scroller(el);
    const last = el.shadowRoot?.querySelector<HTMLElement>('.row.line[data-seq="300"]');
    expect(last).not.toBeNull();
    expect(Math.abs((last?.getBoundingClientRect().bottom ?? 0) - s.getBoundingClientRect().bottom)).toBeLessThan(20);
    await userScrollTo(el, 0);
    expect(visibleSeqs(el)[0]).toBe(1);
  });

  it('scrolls through a tall wrapped line by the wheel pixel for pixel, and back to the end', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.wrap = true));
    feed.append(['one', 'two', 'tall ' + 'word '.repeat(3000), ...Array.from({ length: 40 }, (_, i) => `after ${i}`)]);
    await settle(el, 5);
    const s = scroller(el);
    s.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true, cancelable: true }));
    await settle(el, 3);
    const top = () =>
      el.shadowRoot?.querySelector<HTMLElement>('.row.line[data-seq="3"]')?.getBoundingClientRect().top ?? NaN;
    const tallHeight =
      el.shadowRoot?.querySelector<HTMLElement>('.row.line[data-seq="3"]')?.getBoundingClientRect().height ?? 0;
    expect(tallHeight).toBeGreaterThan(1500);
    const start = top();
    for (let i = 0; i < 10; i++) {
      s.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
      await settle(el, 1);
    }
    await settle(el);
    expect(Math.round(start - top())).toBe(1000);
    expect(el.following).toBe(false);
    for (let i = 0; i < 60; i++)
      s.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
    await settle(el);
    expect(el.following).toBe(true);
    expect(visibleSeqs(el).at(-1)).toBe(43);
    s.dispatchEvent(new WheelEvent('wheel', { deltaY: -40, bubbles: true, cancelable: true }));
    await settle(el);
    expect(el.following).toBe(false);
    // 40 px is about two rows: the end moved down out of view by that much, no more.
    expect(visibleSeqs(el).at(-1)).toBeGreaterThanOrEqual(41);
    expect(visibleSeqs(el).at(-1)).toBeLessThan(43);
  });

  it('shows neither a lost nor a doubled line when a reconnect resets the window mid-stream', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(40);
    await settle(el);
    // The feed reloads: the new window overlaps what was shown and goes further.
    const reloaded: LogEvent[] = [];
    for (let seq = 1; seq <= 55; seq++) reloaded.push(feed.toEvent({ seq, text: `line ${seq}` }));
    feed.resetWith(reloaded);
    feed.appendMany(5);
    await settle(el);
    const rows = [...(el.shadowRoot?.querySelectorAll<HTMLElement>('.row.line') ?? [])].map((r) =>
      Number(r.dataset.seq),
    );
    expect(new Set(rows).size).toBe(rows.length);
    const seen = visibleSeqs(el);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe((seen[i - 1] ?? 0) + 1);
    expect(seen.at(-1)).toBe(60);
  });

  it('shows the new text when a reset reuses seqs (a server restored from an older backup)', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append(['old one', 'old two']);
    await settle(el);
    feed.resetWith([feed.toEvent({ seq: 1, text: 'new one' }), feed.toEvent({ seq: 2, text: 'new two' })]);
    await settle(el);
    expect(el.shadowRoot?.querySelector('.row.line[data-seq="2"] .text')?.textContent).toBe('new two');
  });

  it('keeps the reader on the same line when a reconnect resets the window while reading', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(500);
    await settle(el);
    await userScrollTo(el, 3000);
    const reading = visibleSeqs(el);
    // The reload keeps fewer early lines than before: indexes shift, seqs do not.
    const again: LogEvent[] = [];
    for (let seq = 101; seq <= 520; seq++) again.push(feed.toEvent({ seq, text: `line ${seq}` }));
    feed.resetWith(again);
    await settle(el);
    expect(visibleSeqs(el)).toEqual(reading);
  });

  it('says that earlier lines are not shown once the window is full', async () => {
    const feed = new TestFeed({ capacity: 100 });
    const el = await mount(feed);
    feed.appendMany(100);
    await settle(el);
    expect(el.shadowRoot?.querySelector('.notice.dropped')).toBeNull();
    feed.appendMany(1);
    await settle(el);
    expect(el.shadowRoot?.querySelector('.notice.dropped')?.textContent).toContain(
      'Earlier lines not shown (kept the last 100)',
    );
    expect(visibleSeqs(el).at(-1)).toBe(101);
  });

  it('keeps the reader on the same lines while old lines leave a full window', async () => {
    const feed = new TestFeed({ capacity: 1000 });
    const el = await mount(feed);
    feed.appendMany(1000);
    await settle(el);
    await userScrollTo(el, 10000);
    const reading = visibleSeqs(el);
    feed.appendMany(200);
    await settle(el);
    expect(visibleSeqs(el)).toEqual(reading);
  });
});

describe('<run-log-tail> states', () => {
  it('tells loading, empty, reconnecting and ended apart, announcing changes politely', async () => {
    const el = await mount(undefined);
    expect(el.shadowRoot?.querySelector('[part="empty"]')?.textContent).toBe('No run selected');

    const feed = new TestFeed({ withRun: false });
    feed.connection = { status: 'connecting', attempt: 0 };
    el.feed = feed;
    await settle(el);
    expect(el.shadowRoot?.querySelector('[part="empty"]')?.textContent).toBe('Loading log…');

    feed.setRun({});
    feed.run = new TestFeed().run;
    feed.setConnection({ status: 'live' });
    await settle(el);
    expect(el.shadowRoot?.querySelector('[part="empty"]')?.textContent).toBe('No log lines yet');

    feed.appendMany(3);
    feed.setConnection({ status: 'reconnecting', attempt: 1 });
    await settle(el);
    expect(el.shadowRoot?.querySelector('[part="empty"]')).toBeNull();
    expect(el.shadowRoot?.querySelector('[part="status"]')?.textContent).toContain('Reconnecting…');
    const live = el.shadowRoot?.querySelector('[aria-live="polite"]');
    // Which run: a page may show several.
    expect(live?.textContent).toBe('Run run-1: Reconnecting…');
    expect(scroller(el).getAttribute('aria-live')).toBe('off');
    expect(scroller(el).getAttribute('role')).toBe('log');

    feed.setRun({ status: 'succeeded', endedAt: '2026-11-25T10:05:00.000Z' });
    await settle(el);
    expect(live?.textContent).toBe('Run run-1: Run succeeded — end of log');
  });

  it('closes a feed it opened only when it leaves the page, not when it is moved', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    await settle(el);
    expect(feed.subscribers).toBe(1);
    el.remove();
    await settle(el);
    expect(feed.closed).toBe(false); // the page's feed is the page's to close
  });
});
