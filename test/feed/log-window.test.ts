import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/contract/index.js';
import { RingLogWindow } from '../../src/feed/log-window.js';

const line = (seq: number): LogEvent => ({ seq, type: 'log', time: '2026-11-25T05:00:00.000Z', text: `line ${seq}` });

describe('RingLogWindow', () => {
  it('keeps the most recent lines in order and counts what it dropped', () => {
    const w = new RingLogWindow(3);
    for (let seq = 1; seq <= 7; seq++) w.push(line(seq));
    expect(w.size).toBe(3);
    expect(w.dropped).toBe(4);
    expect(w.slice().map((l) => l.seq)).toEqual([5, 6, 7]);
    expect(w.at(0)?.seq).toBe(5);
    expect(w.at(3)).toBeUndefined();
    expect(w.at(-1)).toBeUndefined();
  });

  it('finds lines by seq across the ring wrap, even with seq holes from other event kinds', () => {
    const w = new RingLogWindow(4);
    for (const seq of [2, 4, 5, 9, 12, 13]) w.push(line(seq));
    expect(w.indexOfSeq(5)).toBe(0);
    expect(w.indexOfSeq(13)).toBe(3);
    expect(w.indexOfSeq(4)).toBe(-1);
    expect(w.indexOfSeq(10)).toBe(-1);
  });

  it('slices with clamping and negative indexes, and is replaced whole on a reset', () => {
    const w = new RingLogWindow(5);
    for (let seq = 1; seq <= 5; seq++) w.push(line(seq));
    expect(w.slice(-2).map((l) => l.seq)).toEqual([4, 5]);
    expect(w.slice(3, 99).map((l) => l.seq)).toEqual([4, 5]);
    w.replace([line(40), line(41)], 39);
    expect(w.size).toBe(2);
    expect(w.dropped).toBe(39);
    expect(w.slice().map((l) => l.seq)).toEqual([40, 41]);
  });

  it('holds 100 000 lines by default', () => {
    expect(new RingLogWindow().capacity).toBe(100_000);
    expect(() => new RingLogWindow(0)).toThrow(RangeError);
  });
});
