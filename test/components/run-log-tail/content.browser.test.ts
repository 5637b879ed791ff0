import { afterEach, describe, expect, it } from 'vitest';
import { lineText, mount, settle, shadowNodeCount } from './helpers.js';
import { TestFeed } from './test-feed.js';

afterEach(() => {
  document.body.replaceChildren();
});

function row(el: HTMLElement & { shadowRoot: ShadowRoot | null }, seq: number): HTMLElement {
  return el.shadowRoot?.querySelector(`.row.line[data-seq="${seq}"]`) as HTMLElement;
}

describe('<run-log-tail> line content', () => {
  it('renders ANSI colours and styles as styled text, not as escape codes', async () => {
    const feed = new TestFeed();
    // Dark: the picked colours below already read on it, so they are drawn as given
    // (ansi-contrast.browser.test.ts covers the ones that are moved).
    const el = await mount(feed, (e) => (e.theme = 'dark'));
    feed.append([
      '\x1b[31mred\x1b[0m plain \x1b[1;4mbold-underline\x1b[0m',
      '\x1b[38;5;208morange256\x1b[0m \x1b[38;2;200;220;240mtrue\x1b[0m \x1b[2;3mdim-italic\x1b[m',
      '\x1b[41;97mwhite on red\x1b[0m',
    ]);
    await settle(el);
    expect(lineText(el, 1)).toBe('red plain bold-underline');
    const red = [...row(el, 1).querySelectorAll('span')].find((s) => s.textContent === 'red') as HTMLElement;
    expect(getComputedStyle(red).color).not.toBe(getComputedStyle(row(el, 1)).color);
    const bu = [...row(el, 1).querySelectorAll('span')].find((s) => s.textContent === 'bold-underline') as HTMLElement;
    expect(Number(getComputedStyle(bu).fontWeight)).toBeGreaterThanOrEqual(700);
    expect(getComputedStyle(bu).textDecorationLine).toContain('underline');

    const spans2 = [...row(el, 2).querySelectorAll<HTMLElement>('.text span')];
    const orange = spans2.find((s) => s.textContent === 'orange256') as HTMLElement;
    expect(getComputedStyle(orange).color).toBe('rgb(255, 135, 0)');
    const tc = spans2.find((s) => s.textContent === 'true') as HTMLElement;
    expect(getComputedStyle(tc).color).toBe('rgb(200, 220, 240)');
    const di = spans2.find((s) => s.textContent === 'dim-italic') as HTMLElement;
    expect(getComputedStyle(di).fontStyle).toBe('italic');
    // Dim is drawn as a dimmer colour (checked for contrast), not as opacity.
    expect(getComputedStyle(di).color).not.toBe(getComputedStyle(row(el, 2)).color);
    expect(getComputedStyle(di).opacity).toBe('1');

    const bg = row(el, 3).querySelector<HTMLElement>('.text span') as HTMLElement;
    expect(getComputedStyle(bg).backgroundColor).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('shows markup in log lines as text and never runs it', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    const attacks = [
      '<img src=x onerror="window.__xss = 1">',
      '<script>window.__xss = 2</script>',
      '\x1b[31m<svg onload="window.__xss=3">\x1b[0m',
      '"><iframe src="javascript:window.__xss=4">',
      '\x1b]8;;javascript:window.__xss=5\x07click\x1b]8;;\x07',
    ];
    feed.append(attacks);
    await settle(el);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
    expect(el.shadowRoot?.querySelector('img, script, svg, iframe, .text a')).toBeNull();
    expect(lineText(el, 1)).toBe(attacks[0]);
    expect(lineText(el, 2)).toBe(attacks[1]);
    expect(lineText(el, 3)).toBe('<svg onload="window.__xss=3">');
    expect(lineText(el, 5)).toBe('click');
  });

  it('drops cursor moves, OSC titles and truncated sequences, and shows control characters safely', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append([
      'a\x1b[2Kb\x1b[1Ac\x1b[?25ld',
      '\x1b]0;window title\x07after title',
      'cut off \x1b[31',
      'lone escape \x1b',
      'bell\x07 and null\x00 and backspace\x08',
      '\x1b[38;5mbad palette\x1b[0m \x1b[38:2::1:2:3mcolon form',
      'unterminated osc \x1b]8;;http://x',
    ]);
    await settle(el);
    expect(lineText(el, 1)).toBe('abcd');
    expect(lineText(el, 2)).toBe('after title');
    expect(lineText(el, 3)).toBe('cut off ');
    expect(lineText(el, 4)).toBe('lone escape ');
    expect(lineText(el, 5)).toBe('bell\u2407 and null\u2400 and backspace\u2408');
    expect(lineText(el, 6)).toBe('bad palette colon form');
    expect(lineText(el, 7)).toBe('unterminated osc ');
    expect(el.shadowRoot?.textContent).not.toContain('\x1b');
  });

  it('updates carriage-return progress in place, showing what a terminal would', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append([
      'Downloading 10%\rDownloading 55%\rDownloading 100%',
      'done\r\n',
      '\x1b[32mprogress 1\rprogress 2\x1b[0m',
      'first\nsecond\rSECOND',
    ]);
    await settle(el);
    expect(lineText(el, 1)).toBe('Downloading 100%');
    expect(lineText(el, 2)).toBe('done');
    expect(lineText(el, 3)).toBe('progress 2');
    const green = row(el, 3).querySelector<HTMLElement>('.text span');
    expect(green?.textContent).toBe('progress 2');
    expect(lineText(el, 4)).toBe('first\u240aSECOND');
  });

  it('shows a 1 MB line in part, keeps the DOM small, and still copies all of it', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    const big = 'x'.repeat(1_048_576);
    feed.append(['before', big, 'after']);
    await settle(el);
    const text = lineText(el, 2) ?? '';
    expect(text.length).toBeLessThan(20_000);
    expect(text).toContain('more characters');
    expect(shadowNodeCount(el)).toBeLessThan(1000);
    expect(lineText(el, 3)).toBe('after');
    const blob = await el.logBlob().text();
    expect(blob).toBe(`before\n${big}\nafter`);
  });

  it('marks levels with a text badge and a style, from the event or detected in the text', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append([
      { text: 'disk is full', level: 'error' },
      'WARN: retrying in 5 s',
      '2026-11-25T10:00:00Z ERROR boom',
      '[debug] cache hit',
      'an ordinary line',
    ]);
    await settle(el);
    const badge = (seq: number) => row(el, seq).querySelector('[part="level"]')?.textContent;
    expect(badge(1)).toBe('ERROR');
    expect(badge(2)).toBe('WARN');
    expect(badge(3)).toBe('ERROR');
    expect(badge(4)).toBe('DEBUG');
    expect(badge(5)).toBeUndefined();
    expect(row(el, 1).getAttribute('part')).toContain('line-error');
    expect(getComputedStyle(row(el, 1)).borderLeftColor).not.toBe(getComputedStyle(row(el, 5)).borderLeftColor);
  });

  it('numbers lines 1..N in the run, with gaps in seq and a full window, and links by seq', async () => {
    const feed = new TestFeed({ capacity: 100 });
    const el = await mount(feed);
    // Progress and status events take seqs too: lines come every other seq.
    feed.append(Array.from({ length: 300 }, (_, i) => ({ text: `line ${i + 1}`, seq: 2 * i + 2 })));
    await settle(el);
    const last = row(el, 600).querySelector<HTMLAnchorElement>('[part="line-number"]')!;
    expect(last.textContent).toBe('300');
    expect(last.getAttribute('aria-label')).toBe('Link to line 300');
    expect(last.getAttribute('href')).toBe('#run-1:L600');
    const numbers = [...el.shadowRoot!.querySelectorAll('.row.line [part="line-number"]')].map((n) =>
      Number(n.textContent),
    );
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(el.scrollToSeq(402)).toBe(true);
    await settle(el);
    expect(row(el, 402).querySelector('[part="line-number"]')?.textContent).toBe('201');
  });

  it('shows line numbers, optional times, and wraps on request', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.timestamps = 'relative'));
    feed.append([
      { text: 'x'.repeat(400), seq: 41 },
      { text: 'short', seq: 43 },
    ]);
    await settle(el);
    expect(row(el, 41).querySelector('[part="line-number"]')?.textContent).toBe('1');
    expect(row(el, 43).querySelector('[part="timestamp"]')?.textContent).toBe('+0:00.430');
    const oneLine = row(el, 41).getBoundingClientRect().height;
    el.wrap = true;
    await settle(el);
    expect(row(el, 41).getBoundingClientRect().height).toBeGreaterThan(oneLine * 3);
    el.lineNumbers = false;
    el.timestamps = 'absolute';
    await settle(el);
    expect(row(el, 41).querySelector('[part="line-number"]')).toBeNull();
    expect(row(el, 43).querySelector('[part="timestamp"]')?.textContent).toMatch(/\d\d:\d\d:\d\d/);
  });
});
