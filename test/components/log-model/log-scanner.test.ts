import { describe, expect, it } from 'vitest';
import { LogScanner } from '../../../src/components/log-model/log-scanner.js';
import type { ArrayLogWindow } from '../run-log-tail/test-feed.js';
import { TestFeed } from '../run-log-tail/test-feed.js';

/** A scheduler the test runs by hand, and a clock that advances 1 ms per reading. */
function manual() {
  const tasks: Array<() => void> = [];
  let t = 0;
  return {
    schedule: (task: () => void) => void tasks.push(task),
    now: () => (t += 1),
    runAll() {
      let steps = 0;
      while (tasks.length > 0) {
        tasks.shift()?.();
        steps++;
      }
      return steps;
    },
  };
}

function feedOf(count: number, text: (seq: number) => string, capacity = count + 100): TestFeed {
  const feed = new TestFeed({ capacity });
  feed.appendMany(count, text);
  return feed;
}

describe('LogScanner on the main thread', () => {
  it('scans in slices, so no slice runs long', () => {
    const feed = feedOf(20_000, (seq) => (seq % 5000 === 0 ? 'hit' : 'miss'));
    const m = manual();
    let updates = 0;
    const scanner = new LogScanner(
      () => feed.logs,
      () => updates++,
      { ...m, createWorker: null, sliceMs: 3 },
    );
    scanner.setQuery({ search: 'hit' });
    expect(scanner.pending).toBe(true);
    const slices = m.runAll();
    expect(slices).toBeGreaterThan(3);
    expect(scanner.pending).toBe(false);
    expect(scanner.matches.toArray()).toEqual([5000, 10_000, 15_000, 20_000]);
    expect(updates).toBeGreaterThan(slices);
  });

  it('drops a superseded scan', () => {
    const feed = feedOf(10_000, (seq) => `n${seq}`);
    const m = manual();
    const scanner = new LogScanner(
      () => feed.logs,
      () => undefined,
      { ...m, createWorker: null, sliceMs: 2 },
    );
    scanner.setQuery({ search: 'n1' });
    scanner.setQuery({ filterText: 'n9999' });
    m.runAll();
    expect(scanner.rows?.toArray()).toEqual([9999]);
    expect(scanner.matches.length).toBe(0);
  });

  it('scans new lines as they arrive and forgets lines that leave', () => {
    const feed = feedOf(100, (seq) => (seq % 10 === 0 ? 'ERROR x' : 'ok'), 100);
    const m = manual();
    const scanner = new LogScanner(
      () => feed.logs,
      () => undefined,
      { ...m, createWorker: null },
    );
    scanner.setQuery({ levels: ['error'] });
    m.runAll();
    expect(scanner.rows?.length).toBe(10);
    feed.appendMany(50, (seq) => (seq % 10 === 0 ? 'ERROR y' : 'ok'));
    scanner.linesAppended();
    expect(scanner.rows?.toArray()).toEqual([60, 70, 80, 90, 100, 110, 120, 130, 140, 150]);
  });

  it('scans a large backlog of new lines in slices', () => {
    const feed = feedOf(10, () => 'x', 100_000);
    const m = manual();
    const scanner = new LogScanner(
      () => feed.logs,
      () => undefined,
      { ...m, createWorker: null, sliceMs: 2 },
    );
    scanner.setQuery({ search: 'hit' });
    m.runAll();
    feed.appendMany(50_000, (seq) => (seq === 40_000 ? 'hit' : 'x'));
    scanner.linesAppended();
    expect(scanner.pending).toBe(true);
    expect(m.runAll()).toBeGreaterThan(1);
    expect(scanner.pending).toBe(false);
    expect(scanner.matches.toArray()).toEqual([40_000]);
  });

  it('rebuilds after the window is replaced', () => {
    const feed = feedOf(10, () => 'old');
    const m = manual();
    const scanner = new LogScanner(
      () => feed.logs,
      () => undefined,
      { ...m, createWorker: null },
    );
    scanner.setQuery({ search: 'new' });
    m.runAll();
    expect(scanner.matches.length).toBe(0);
    feed.resetWith([feed.toEvent({ seq: 3, text: 'new' })]);
    scanner.windowReset();
    m.runAll();
    expect(scanner.matches.toArray()).toEqual([3]);
  });

  it('stops scanning and reports everything shown when the query is cleared', () => {
    const feed = feedOf(10, () => 'x');
    const scanner = new LogScanner(
      () => feed.logs as ArrayLogWindow,
      () => undefined,
      { ...manual(), createWorker: null },
    );
    scanner.setQuery({ filterText: 'x' });
    scanner.setQuery({});
    expect(scanner.active).toBe(false);
    expect(scanner.pending).toBe(false);
    expect(scanner.rows).toBeNull();
  });
});
