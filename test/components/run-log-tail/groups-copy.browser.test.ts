import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { RunLogLineLinkEvent } from '../../../src/components/run-log-tail/run-log-tail.js';
import { engineName, hasUserEvent } from '../../setup/engine-name.js';
import { mount, settle, visibleSeqs } from './helpers.js';
import { TestFeed, type LineInput } from './test-feed.js';

afterEach(() => {
  document.body.replaceChildren();
});

function phased(): LineInput[] {
  const lines: LineInput[] = [];
  for (let i = 0; i < 5; i++) lines.push({ text: `fetch ${i}`, phase: 'fetch_data' });
  for (let i = 0; i < 5; i++) lines.push({ text: `export ${i}`, phase: 'export_reports' });
  lines.push({ text: 'ERROR: disk full', phase: 'export_reports', level: 'error' });
  return lines;
}

function headers(el: HTMLElement & { shadowRoot: ShadowRoot | null }): string[] {
  return [...(el.shadowRoot?.querySelectorAll('[part~="group-header"] .phase') ?? [])].map((h) => h.textContent ?? '');
}

describe('<run-log-tail> phase groups', () => {
  it('groups lines by phase under readable labels with line counts and durations', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => e.setAttribute('labels', '{"fetch_data":"Fetching data","x":1}'));
    feed.append(phased());
    await settle(el);
    expect(headers(el)).toEqual(['Fetching data', 'Export reports']);
    // Without a page label, the run's own step label comes before the readable key.
    feed.setRun({ steps: [{ key: 'export_reports', label: 'Exporting the reports', state: 'running' }] });
    await settle(el);
    expect(headers(el)).toEqual(['Fetching data', 'Exporting the reports']);
    feed.setRun({ steps: [] });
    await settle(el);
    const meta = el.shadowRoot?.querySelectorAll('[part~="group-header"] .meta');
    expect(meta?.[0]?.textContent).toBe('5 lines · 40 ms');
    expect(meta?.[1]?.textContent).toBe('6 lines · 50 ms');
  });

  it('collapses a group and opens the failing phase by itself when the run fails', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append(phased());
    await settle(el);
    const exportGroup = el.phaseGroups.find((g) => g.phase === 'export_reports');
    const toggle = el.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part="group-toggle"]')[1];
    toggle?.click();
    await settle(el);
    expect(el.phaseGroups.find((g) => g.key === exportGroup?.key)?.collapsed).toBe(true);
    expect(visibleSeqs(el)).toEqual([1, 2, 3, 4, 5]);
    expect(el.shadowRoot?.querySelectorAll('[part="group-toggle"]')[1]?.getAttribute('aria-expanded')).toBe('false');

    feed.setRun({ status: 'failed', error: { message: 'disk full', phase: 'export_reports' } });
    await settle(el);
    expect(visibleSeqs(el)).toContain(11);
    expect(el.shadowRoot?.querySelector('[part~="failed-group"] .phase')?.textContent).toBe('Export reports');
  });

  // Keyboard navigation needs userEvent (Chromium only here, docs/browsers.md).
  it.skipIf(!hasUserEvent)('shows a focus ring on a group toggle reached from the keyboard', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append(phased());
    await settle(el);
    el.shadowRoot?.querySelector<HTMLElement>('[part="scroller"]')?.focus();
    let focused: Element | null | undefined;
    for (let i = 0; i < 20; i++) {
      await userEvent.keyboard('{Tab}');
      focused = el.shadowRoot?.activeElement;
      if (focused?.getAttribute('part') === 'group-toggle') break;
    }
    expect(focused?.getAttribute('part')).toBe('group-toggle');
    expect(focused?.matches(':focus-visible')).toBe(true);
    const style = getComputedStyle(focused as Element);
    expect(style.outlineStyle).toBe('solid');
    expect(parseFloat(style.outlineWidth)).toBeGreaterThanOrEqual(2);
    // The ring must be drawn where the row does not clip it.
    const toggle = (focused as HTMLElement).getBoundingClientRect();
    const header = (focused as HTMLElement).closest('[part~="group-header"]')!.getBoundingClientRect();
    const offset = parseFloat(style.outlineOffset);
    const width = parseFloat(style.outlineWidth);
    expect(toggle.top - offset - width).toBeGreaterThanOrEqual(header.top - 0.5);
    expect(toggle.bottom + offset + width).toBeLessThanOrEqual(header.bottom + 0.5);
  });

  it('shows no group headers when lines carry no phase, or when grouping is off', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(3);
    await settle(el);
    expect(headers(el)).toEqual([]);
    feed.append(phased());
    el.grouping = false;
    await settle(el);
    expect(headers(el)).toEqual([]);
  });
});

describe('<run-log-tail> copy and download', () => {
  it('copies a range picked by line numbers as plain text, off-screen lines included', async () => {
    const feed = new TestFeed();
    const writes: string[] = [];
    const el = await mount(feed, (e) => (e.clipboard = { writeText: async (t: string) => void writes.push(t) }));
    feed.appendMany(300, (seq) => `\x1b[32mline ${seq}\x1b[0m`);
    await settle(el);
    el.scrollToSeq(10);
    await settle(el);
    el.shadowRoot?.querySelector<HTMLElement>('.row.line[data-seq="10"] [part="line-number"]')?.click();
    el.scrollToSeq(250);
    await settle(el);
    // Cancelable like a real click: an uncancelable shift-click on a link opens a new window.
    el.shadowRoot
      ?.querySelector<HTMLElement>('.row.line[data-seq="250"] [part="line-number"]')
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, shiftKey: true, cancelable: true }));
    await settle(el);
    const text = await el.copyLines();
    const expected = Array.from({ length: 241 }, (_, i) => `line ${i + 10}`).join('\n');
    expect(text).toBe(expected);
    expect(writes).toEqual([expected]);
  });

  it('copies every shown line when nothing is selected, from the toolbar', async () => {
    const feed = new TestFeed();
    const writes: string[] = [];
    const el = await mount(feed, (e) => (e.clipboard = { writeText: async (t: string) => void writes.push(t) }));
    feed.append(['\x1b[1mone\x1b[0m', 'two\rTWO', { text: 'three', level: 'error' }]);
    await settle(el);
    el.shadowRoot?.querySelector<HTMLButtonElement>('button[data-action-copy]')?.click();
    await vi.waitFor(() => expect(writes).toEqual(['one\nTWO\nthree']));
  });

  it('says so when the clipboard refuses a copy, on the button and to screen readers', async () => {
    const feed = new TestFeed();
    const refused = new DOMException('Write permission denied.', 'NotAllowedError');
    const el = await mount(feed, (e) => (e.clipboard = { writeText: () => Promise.reject(refused) }));
    feed.append(['one', 'two']);
    await settle(el);
    const button = () => el.shadowRoot?.querySelector<HTMLButtonElement>('button[data-action-copy]');
    button()?.click();
    await vi.waitFor(() => expect(button()?.textContent?.trim()).toBe('Copy failed'));
    const live = [...(el.shadowRoot?.querySelectorAll('[role="status"]') ?? [])].map((n) => n.textContent ?? '');
    expect(live.some((text) => text.startsWith('Copy failed'))).toBe(true);
    // A script calling copyLines() sees the refusal too.
    await expect(el.copyLines()).rejects.toBe(refused);
  });

  // Open in WebKitGTK: a native selection across rows of the shadow root (docs/browsers.md).
  it.skipIf(engineName === 'webkit')(
    'copies a native selection across rows as whole plain lines without gutters',
    async () => {
      const feed = new TestFeed();
      const el = await mount(feed, (e) => (e.timestamps = 'absolute'));
      feed.append(['\x1b[31malpha\x1b[0m', 'beta', 'gamma']);
      await settle(el);
      const root = el.shadowRoot as ShadowRoot;
      const first = root.querySelector('.row.line[data-seq="1"] .text') as HTMLElement;
      const last = root.querySelector('.row.line[data-seq="3"] .text') as HTMLElement;
      const range = document.createRange();
      range.setStart(first.firstChild?.firstChild ?? first, 2);
      range.setEnd(last.firstChild ?? last, 3);
      const sel = document.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      expect(copyFrom(root.querySelector('.scroller') as HTMLElement)).toBe('alpha\nbeta\ngamma');
    },
  );

  it.skipIf(engineName === 'webkit')(
    'keeps a native selection on the lines it covers while the reader scrolls',
    async () => {
      const feed = new TestFeed();
      const el = await mount(feed);
      feed.appendMany(200);
      await settle(el);
      const s = el.shadowRoot?.querySelector('.scroller') as HTMLElement;
      const press = async (key: string) => {
        s.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        await settle(el);
      };
      await press('PageUp');
      const root = el.shadowRoot as ShadowRoot;
      const rows = [...root.querySelectorAll<HTMLElement>('.row.line')];
      const from = rows[5] as HTMLElement;
      const to = rows[7] as HTMLElement;
      const range = document.createRange();
      range.setStart(from.querySelector('.text')?.firstChild ?? from, 0);
      range.setEnd(to.querySelector('.text')?.lastChild ?? to, 0);
      document.getSelection()?.removeAllRanges();
      document.getSelection()?.addRange(range);
      const selected = [from.dataset.seq, to.dataset.seq];
      await press('ArrowDown');
      await press('ArrowDown');
      feed.appendMany(50);
      await settle(el);
      // The rows under the selection still hold the lines that were selected.
      const held = document.getSelection()?.getRangeAt(0);
      const rowOf = (node: Node | undefined) =>
        (node instanceof Element ? node : node?.parentElement)?.closest<HTMLElement>('.row.line')?.dataset.seq;
      expect([rowOf(held?.startContainer), rowOf(held?.endContainer)]).toEqual(selected);
      const copied = copyFrom(s);
      const first = Number(selected[0]);
      expect(copied).toBe(`line ${first}\nline ${first + 1}\nline ${first + 2}`);
    },
  );

  it('downloads through an object URL named after the run', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append(['a']);
    await settle(el);
    const clicked: HTMLAnchorElement[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      el.shadowRoot?.querySelector<HTMLButtonElement>('button[data-action-download]')?.click();
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(clicked.map((a) => a.download)).toEqual(['run-1.log']);
    expect(clicked[0]?.href).toMatch(/^blob:/);
    expect(await (await fetch(clicked[0]?.href ?? '')).text()).toBe('a');
    expect(el.shadowRoot?.querySelector('a[download]')).toBeNull();
  });

  it('downloads the whole retained log as plain text', async () => {
    const feed = new TestFeed({ capacity: 1000 });
    const el = await mount(feed);
    feed.appendMany(1500, (seq) => `\x1b[33m${seq}\x1b[0m`);
    await settle(el);
    el.filterText = '7';
    await settle(el);
    const text = await el.logBlob().text();
    const lines = text.split('\n');
    expect(lines.length).toBe(1000);
    expect(lines[0]).toBe('501');
    expect(lines.at(-1)).toBe('1500');
  });
});

describe('<run-log-tail> line links', () => {
  it('fires run-log-line-link with #<run id>:L<seq> when a line number is clicked', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.appendMany(20);
    await settle(el);
    const events: RunLogLineLinkEvent[] = [];
    document.body.addEventListener('run-log-line-link', (e) => events.push(e));
    el.shadowRoot?.querySelector<HTMLElement>('.row.line[data-seq="12"] [part="line-number"]')?.click();
    expect(events.map((e) => [e.seq, e.href, e.runId])).toEqual([[12, '#run-1:L12', 'run-1']]);
    expect(location.hash).toBe('');
  });

  it('scrolls to a linked line while streaming, when it arrives, and says when it left the window', async () => {
    const feed = new TestFeed({ capacity: 100 });
    const el = await mount(feed);
    feed.appendMany(50);
    await settle(el);
    expect(el.scrollToSeq(80)).toBe(false);
    await settle(el);
    expect(el.shadowRoot?.querySelector('.link-notice')?.textContent).toBe('Waiting for line 80…');
    feed.appendMany(100);
    await settle(el);
    expect(visibleSeqs(el)).toContain(80);
    expect(el.shadowRoot?.querySelector('.row.linked')?.getAttribute('data-seq')).toBe('80');
    feed.appendMany(20); // the window slides to 71..170
    await settle(el);
    expect(visibleSeqs(el)).toContain(80); // still retained: the reader stays on it
    expect(el.scrollToSeq(20)).toBe(false);
    await settle(el);
    expect(el.shadowRoot?.querySelector('.link-notice')?.textContent).toBe('Line 20 is no longer retained');
  });

  it('follows #<run id>:L<seq> in the address with hash-links', async () => {
    const feed = new TestFeed();
    history.replaceState(null, '', '#run-1:L150');
    try {
      const el = await mount(feed, (e) => (e.hashLinks = true));
      feed.appendMany(400);
      await settle(el);
      expect(visibleSeqs(el)).toContain(150);
      el.shadowRoot?.querySelector<HTMLElement>('.row.line[data-seq="151"] [part="line-number"]')?.click();
      expect(location.hash).toBe('#run-1:L151');
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });

  it("answers only its own run's links, and leaves the page's own fragment alone", async () => {
    const mine = new TestFeed({ runId: 'run-1' });
    const other = new TestFeed({ runId: 'run 2/β' });
    history.replaceState(null, '', `#${encodeURIComponent('run 2/β')}:L150`);
    try {
      const a = await mount(mine, (e) => (e.hashLinks = true));
      const b = await mount(other, (e) => (e.hashLinks = true));
      mine.appendMany(400);
      other.appendMany(400);
      await settle(a);
      await settle(b);
      expect(b.shadowRoot?.querySelector('.row.linked')?.getAttribute('data-seq')).toBe('150');
      expect(a.shadowRoot?.querySelector('.row.linked')).toBeNull();

      history.replaceState(null, '', '#settings');
      const events: RunLogLineLinkEvent[] = [];
      document.body.addEventListener('run-log-line-link', (e) => events.push(e));
      const number = a.shadowRoot?.querySelector<HTMLElement>('.row.line [part="line-number"]');
      number?.click();
      expect(location.hash).toBe('#settings');
      expect(events.map((e) => e.href)).toEqual([`#run-1:L${number?.dataset.seq}`]);
    } finally {
      history.replaceState(null, '', location.pathname + location.search);
    }
  });
});

/**
 * Dispatches a native-like copy on `target` and returns what the element put on the clipboard.
 * Reads the event's own `clipboardData`: Firefox copies the DataTransfer passed to the
 * ClipboardEvent constructor, so the one the test made stays empty there.
 */
function copyFrom(target: HTMLElement): string {
  const event = new ClipboardEvent('copy', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event.clipboardData?.getData('text/plain') ?? '';
}
