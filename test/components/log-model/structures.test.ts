import { describe, expect, it } from 'vitest';
import { PhaseGroups } from '../../../src/components/log-model/phase-groups.js';
import { scanLines, toScanSpec } from '../../../src/components/log-model/query.js';
import { markMatches, renderLine } from '../../../src/components/log-model/rendered-line.js';
import { RowModel } from '../../../src/components/log-model/row-model.js';
import { SeqList } from '../../../src/components/log-model/seq-list.js';
import { LruCache } from '../../../src/components/log-model/span-cache.js';
import { linesText, windowBlob } from '../../../src/components/log-model/text-export.js';
import type { ArrayLogWindow } from '../run-log-tail/test-feed.js';
import { TestFeed, type LineInput } from '../run-log-tail/test-feed.js';

function windowWith(lines: LineInput[], capacity = 1000): ArrayLogWindow {
  const feed = new TestFeed({ capacity });
  feed.append(lines);
  return feed.logs as ArrayLogWindow;
}

describe('LruCache', () => {
  it('computes once, keeps the most recent, and stays bounded', () => {
    let made = 0;
    const cache = new LruCache<number, string>(2);
    const make = (k: number) => (made++, `v${k}`);
    expect(cache.get(1, make)).toBe('v1');
    expect(cache.get(1, make)).toBe('v1');
    expect(made).toBe(1);
    cache.get(2, make);
    cache.get(1, make); // 1 is now the most recent
    cache.get(3, make); // evicts 2
    expect(cache.size).toBe(2);
    cache.get(2, make);
    expect(made).toBe(4);
  });
});

describe('LruCache by weight', () => {
  it('evicts the oldest entries once the total weight is exceeded, keeping the newest', () => {
    const cache = new LruCache<number, string>(100, (v) => v.length, 10);
    cache.get(1, () => 'aaaa');
    cache.get(2, () => 'bbbb');
    cache.get(3, () => 'cccccccccccc'); // heavier than the budget alone: kept, others go
    expect(cache.size).toBe(1);
    let remade = false;
    cache.get(3, () => ((remade = true), 'x'));
    expect(remade).toBe(false);
  });
});

describe('SeqList', () => {
  it('finds positions and forgets seqs that left the window', () => {
    const list = new SeqList([2, 5, 9, 14]);
    expect(list.lowerBound(5)).toBe(1);
    expect(list.lowerBound(6)).toBe(2);
    expect(list.lowerBound(99)).toBe(4);
    list.trimBefore(6);
    expect(list.toArray()).toEqual([9, 14]);
    expect(list.at(0)).toBe(9);
    list.push([20]);
    expect(list.length).toBe(3);
  });

  it('compacts its storage once most of it is dead', () => {
    const list = new SeqList(Array.from({ length: 5000 }, (_, i) => i + 1));
    list.trimBefore(4000);
    expect(list.length).toBe(1001);
    expect(list.at(0)).toBe(4000);
    expect(list.lowerBound(4500)).toBe(500);
  });
});

describe('scanLines', () => {
  it('applies level, filter text and search together', () => {
    const seqs = [1, 2, 3, 4];
    const texts = ['alpha', 'Beta error', 'gamma error', 'delta'];
    const levels = ['info', 'error', 'warn', 'error'];
    const rows: number[] = [];
    const matches: number[] = [];
    scanLines(
      seqs,
      texts,
      levels,
      0,
      4,
      toScanSpec({ levels: ['error', 'warn'], filterText: 'ERROR', search: 'beta' }),
      rows,
      matches,
    );
    expect(rows).toEqual([2, 3]);
    expect(matches).toEqual([2]);
  });

  it('treats the query literally and can match case', () => {
    const matches: number[] = [];
    scanLines([1, 2], ['a.b', 'axb'], ['info', 'info'], 0, 2, toScanSpec({ search: 'a.b' }), null, matches);
    expect(matches).toEqual([1]);
    const cased: number[] = [];
    scanLines(
      [1, 2],
      ['Err', 'err'],
      ['info', 'info'],
      0,
      2,
      toScanSpec({ search: 'err', caseSensitive: true }),
      null,
      cased,
    );
    expect(cased).toEqual([2]);
  });

  it('runs from its source text alone, as the worker does', () => {
    const rebuilt = new Function(`return (${scanLines.toString()})`)() as typeof scanLines;
    const matches: number[] = [];
    rebuilt([7], ['needle'], ['info'], 0, 1, toScanSpec({ search: 'need' }), null, matches);
    expect(matches).toEqual([7]);
  });
});

describe('PhaseGroups and RowModel', () => {
  const lines: LineInput[] = [
    { text: 'a1', phase: 'a' },
    { text: 'a2', phase: 'a' },
    { text: 'b1', phase: 'b', seq: 5 },
    { text: 'a3', phase: 'a' },
  ];

  it('splits runs of phases, a returning phase being a new group', () => {
    const groups = new PhaseGroups();
    groups.rebuild(windowWith(lines));
    expect(groups.groups.map((g) => [g.phase, g.firstSeq, g.lastSeq])).toEqual([
      ['a', 1, 2],
      ['b', 5, 5],
      ['a', 6, 6],
    ]);
  });

  it('extends groups as lines arrive and forgets them as lines leave', () => {
    const window = windowWith(lines, 4);
    const groups = new PhaseGroups();
    groups.rebuild(window);
    window.push({ type: 'log', seq: 7, time: '2026-11-25T10:00:00Z', text: 'a4', phase: 'a' });
    window.push({ type: 'log', seq: 8, time: '2026-11-25T10:00:00Z', text: 'c', phase: 'c' });
    groups.append(window, 2);
    expect(groups.groups.map((g) => [g.phase, g.firstSeq, g.lastSeq, g.key])).toEqual([
      ['b', 5, 5, 5],
      ['a', 6, 7, 6],
      ['c', 8, 8, 8],
    ]);
  });

  it('lays out headers and lines, collapsing and filtering by seq ranges', () => {
    const window = windowWith(lines);
    const groups = new PhaseGroups();
    groups.rebuild(window);
    const all = new RowModel(window, groups.groups, null, new Set());
    expect(all.count).toBe(7);
    expect(all.rowAt(0)).toMatchObject({ kind: 'header', lines: 2 });
    expect(all.rowAt(2)).toMatchObject({ kind: 'line', seq: 2, windowIndex: 1 });
    expect(all.rowOfSeq(5)).toBe(4);
    expect(all.rowOfSeq(3)).toBe(4); // seq 3 is not a log line: the next one
    const collapsed = new RowModel(window, groups.groups, null, new Set([1]));
    expect(collapsed.count).toBe(5);
    expect(collapsed.rowOfSeq(2)).toBe(0);
    expect(collapsed.rowAt(1)).toMatchObject({ kind: 'header', group: { phase: 'b' } });
    const filtered = new RowModel(window, groups.groups, new SeqList([2, 6]), new Set());
    expect(filtered.count).toBe(4);
    expect([...filtered.seqs()]).toEqual([2, 6]);
    const flat = new RowModel(window, null, null, new Set());
    expect(flat.count).toBe(4);
    expect(flat.rowAt(3)).toMatchObject({ kind: 'line', seq: 6 });
  });
});

describe('rendered lines', () => {
  it('cuts long lines for display and counts what is hidden', () => {
    const r = renderLine({ text: '\x1b[31m' + 'x'.repeat(30) + '\x1b[0m' + 'y'.repeat(30) }, 40);
    expect(r.plain).toBe('x'.repeat(30) + 'y'.repeat(10));
    expect(r.hiddenChars).toBe(20);
    expect(r.spans[0]?.fg).toBe('var(--_ansi-red)');
  });

  it('marks matches across span boundaries', () => {
    const spans = [{ text: 'ab', bold: true }, { text: 'cab' }];
    expect(markMatches(spans, /ab/gi, false)).toEqual([
      { text: 'ab', bold: true, mark: 'match' },
      { text: 'c' },
      { text: 'ab', mark: 'match' },
    ]);
    expect(markMatches([{ text: 'xbc' }, { text: 'cy' }], /cc/g, true)).toEqual([
      { text: 'xb' },
      { text: 'c', mark: 'current' },
      { text: 'c', mark: 'current' },
      { text: 'y' },
    ]);
  });
});

describe('text export', () => {
  it('gives plain lines for copy and the whole window for download', async () => {
    const window = windowWith(['\x1b[1ma\x1b[0m', 'b\rB', 'c']);
    expect(linesText(window, [1, 3])).toBe('a\nc');
    expect(await windowBlob(window, 2).text()).toBe('a\nB\nc');
  });
});
