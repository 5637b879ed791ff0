import { describe, expect, it } from 'vitest';
import { LogScanner } from '../../../src/components/log-model/log-scanner.js';
import { createScanWorker, type ToWorker } from '../../../src/components/log-model/scan-worker-source.js';
import type { ArrayLogWindow } from '../run-log-tail/test-feed.js';
import { TestFeed } from '../run-log-tail/test-feed.js';

function windowOf(count: number, text: (seq: number) => string): ArrayLogWindow {
  const feed = new TestFeed({ capacity: count + 10 });
  feed.appendMany(count, text);
  return feed.logs as ArrayLogWindow;
}

function until(scanner: LogScanner): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (!scanner.pending) resolve();
      else if (Date.now() - started > 20_000) reject(new Error('scan did not finish'));
      else setTimeout(check, 10);
    };
    check();
  });
}

describe('LogScanner in the browser', () => {
  it('scans a large window in a worker, then keeps up with new lines on this thread', async () => {
    const window = windowOf(60_000, (seq) => (seq % 20_000 === 0 ? `ERROR hit ${seq}` : `fine ${seq}`));
    const scanner = new LogScanner(
      () => window,
      () => undefined,
      { workerThreshold: 50_000 },
    );
    scanner.setQuery({ levels: ['error'], search: 'hit' });
    expect(scanner.usedWorker).toBe(true);
    await until(scanner);
    expect(scanner.rows?.toArray()).toEqual([20_000, 40_000, 60_000]);
    expect(scanner.matches.toArray()).toEqual([20_000, 40_000, 60_000]);
    window.push({ type: 'log', seq: 60_001, time: '2026-11-25T10:00:00Z', text: 'ERROR hit late' });
    scanner.linesAppended();
    expect(scanner.matches.toArray()).toEqual([20_000, 40_000, 60_000, 60_001]);
    scanner.dispose();
  });

  it('finds in the worker exactly what this thread finds, escape codes and unlabelled levels included', async () => {
    // The worker strips and levels lines itself: it must see what the reader sees.
    const samples = [
      (seq: number) => `\x1b[31mERROR\x1b[0m: needle ${seq}`,
      (seq: number) => `[warn] \x1b[1mnee\x1b[22mdle ${seq}`,
      (seq: number) => `progress 10%\rneedle done ${seq}`,
      (seq: number) => `plain needle ${seq}\x1b]0;title\x07`,
      (seq: number) => `info: hay ${seq}`,
    ];
    const window = windowOf(60_000, (seq) => (samples[seq % samples.length] as (seq: number) => string)(seq));
    const scan = async (workerThreshold: number) => {
      const scanner = new LogScanner(
        () => window,
        () => undefined,
        { workerThreshold, createWorker: workerThreshold === Infinity ? null : undefined },
      );
      scanner.setQuery({ levels: ['error', 'warn'], filterText: 'needle', search: 'needle 4' });
      await until(scanner);
      const result = { used: scanner.usedWorker, rows: scanner.rows?.toArray(), matches: scanner.matches.toArray() };
      scanner.dispose();
      return result;
    };
    const inWorker = await scan(50_000);
    const here = await scan(Infinity);
    expect([inWorker.used, here.used]).toEqual([true, false]);
    expect(inWorker.rows?.length).toBe(24_000);
    expect(inWorker.rows).toEqual(here.rows);
    expect(inWorker.matches.length).toBeGreaterThan(0);
    expect(inWorker.matches).toEqual(here.matches);
  });

  it('falls back to the main thread when the worker cannot start', async () => {
    const window = windowOf(60_000, (seq) => (seq === 123 ? 'needle' : 'hay'));
    const scanner = new LogScanner(
      () => window,
      () => undefined,
      {
        workerThreshold: 10,
        createWorker: () => new Worker('data:text/javascript,throw new Error("no")'),
      },
    );
    scanner.setQuery({ search: 'needle' });
    await until(scanner);
    expect(scanner.matches.toArray()).toEqual([123]);
    expect(scanner.usedWorker).toBe(false);
    scanner.dispose();
  });

  it('cancels an older query when a newer one arrives', async () => {
    const window = windowOf(80_000, (seq) => `row ${seq}`);
    const scanner = new LogScanner(
      () => window,
      () => undefined,
      { workerThreshold: 50_000 },
    );
    scanner.setQuery({ search: 'row 1' });
    scanner.setQuery({ search: 'row 79999' });
    await until(scanner);
    expect(scanner.matches.toArray()).toEqual([79_999]);
    scanner.dispose();
  });
});

/** A scan worker that tells which messages the page sent it and how many lines they carried. */
function recordingWorker(sent: Array<{ type: string; lines: number }>): () => Worker {
  return () => {
    const worker = createScanWorker();
    const post = worker.postMessage.bind(worker) as (message: ToWorker, transfer?: Transferable[]) => void;
    worker.postMessage = ((message: ToWorker, transfer?: Transferable[]) => {
      // Counted before posting: the transfer empties the arrays.
      sent.push({ type: message.type, lines: message.type === 'append' ? message.seqs.length : 0 });
      post(message, transfer);
    }) as Worker['postMessage'];
    return worker;
  };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const mirrored = (sent: Array<{ type: string; lines: number }>) => sent.reduce((n, m) => n + m.lines, 0);

describe('LogScanner keeps the worker’s copy of a large window current', () => {
  it('copies lines as they arrive, so a search then sends only its query', async () => {
    const feed = new TestFeed({ capacity: 100_000 });
    feed.appendMany(60_000, (seq) => (seq === 59_000 ? 'needle here' : `hay ${seq}`));
    const sent: Array<{ type: string; lines: number }> = [];
    const scanner = new LogScanner(
      () => feed.logs,
      () => undefined,
      { workerThreshold: 50_000, createWorker: recordingWorker(sent) },
    );
    scanner.setQuery({});
    await eventually(() => mirrored(sent) === 60_000, 'the first copy');
    feed.appendMany(10, (seq) => `late needle ${seq}`);
    scanner.linesAppended();
    await eventually(() => mirrored(sent) === 60_010, 'the new lines');

    sent.length = 0;
    scanner.setQuery({ search: 'needle' });
    await until(scanner);
    expect(scanner.usedWorker).toBe(true);
    expect(sent.map((m) => m.type)).toEqual(['scan']);
    expect(scanner.matches.length).toBe(11);
    expect(scanner.matches.at(0)).toBe(59_000);
    scanner.dispose();
  });

  it('never finds lines that left the window', async () => {
    const feed = new TestFeed({ capacity: 60_000 });
    feed.appendMany(60_000, (seq) => (seq <= 5_000 ? `old needle ${seq}` : `hay ${seq}`));
    const sent: Array<{ type: string; lines: number }> = [];
    const scanner = new LogScanner(
      () => feed.logs,
      () => undefined,
      { workerThreshold: 50_000, createWorker: recordingWorker(sent) },
    );
    scanner.setQuery({});
    await eventually(() => mirrored(sent) === 60_000, 'the first copy');
    // 6 000 more lines push the first 6 000 (every old needle) out of the window.
    feed.appendMany(6_000, (seq) => (seq === 65_000 ? 'new needle' : `hay ${seq}`));
    scanner.linesAppended();
    scanner.setQuery({ search: 'needle' });
    await until(scanner);
    expect(scanner.usedWorker).toBe(true);
    expect(scanner.matches.toArray()).toEqual([65_000]);
    scanner.dispose();
  });

  it('shows no result of a query the reader has already replaced', async () => {
    const window = windowOf(200_000, (seq) => `row ${seq}`);
    const seen: number[][] = [];
    let replaced = false;
    const scanner = new LogScanner(
      () => window,
      () => {
        if (replaced) seen.push(scanner.matches.toArray());
      },
      { workerThreshold: 50_000 },
    );
    scanner.setQuery({ search: 'row 1' });
    // The first scan is under way (copying or scanning) when the reader types on.
    await new Promise((resolve) => setTimeout(resolve, 30));
    replaced = true;
    scanner.setQuery({ search: 'row 199999' });
    await until(scanner);
    expect(scanner.matches.toArray()).toEqual([199_999]);
    expect(seen.flat().every((seq) => seq === 199_999)).toBe(true);
    scanner.dispose();
  });
});
