/**
 * The page of the log-tail benchmark, one contender per load (`?mode=element|naive|xterm`):
 * `<run-log-tail>`, a naive baseline appending one `<div>` per line, or @xterm/xterm.
 *
 * Two sources (`?source=`):
 * - `generator` (default): lines are made in the page and handed to the contender in
 *   batches by an open-loop driver (`drive(rate, seconds)`), so what is measured is the
 *   contender's own ingest rate and frame times, not the network, the server or the JSON
 *   parse in front of it (that path topped out near 17 000 lines/s here whatever the view).
 *   The element gets them through a feed over the real ring buffer (`RingLogWindow`), one
 *   notification per batch as the live feed does per message; the baselines get the same
 *   lines in the same batches.
 * - `backend`: the run is read from the reference backend (`?api=&run=`): the element
 *   through `watchRun`, the baselines over a raw WebSocket. End to end, for context.
 * The runner drives it through `window.benchTail`.
 * @module
 */
import { Terminal } from '@xterm/xterm';
import '../../src/components/run-log-tail/run-log-tail.js';
import type { RunLogTail } from '../../src/components/run-log-tail/run-log-tail.js';
import type { LogEvent } from '../../src/contract/index.js';
import { RingLogWindow, watchRun, type RunFeed, type RunFeedChange, type RunFeedState } from '../../src/feed/index.js';

const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'element';
const source = params.get('source') ?? 'generator';
const api = params.get('api') ?? '';
const runId = params.get('run') ?? 'bench';
const capacity = Number(params.get('capacity') ?? 1_000_000);

const stats = {
  ready: false,
  /** Lines the contender has taken in (element: drawn into its model; xterm: parsed). */
  lines: 0,
  firstAt: 0,
  lastAt: 0,
  frameIntervals: [] as number[],
  longTasks: [] as number[],
  /** Close code of the baselines' raw WebSocket, if the server closed it. */
  closeCode: 0,
};

function counted(n: number): void {
  if (n === 0) return;
  const now = performance.now();
  if (stats.lines === 0) stats.firstAt = now;
  stats.lines += n;
  stats.lastAt = now;
}

let lastFrame = performance.now();
const onFrame = (now: number) => {
  stats.frameIntervals.push(now - lastFrame);
  lastFrame = now;
  requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);
const longTaskObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) stats.longTasks.push(e.duration);
});
longTaskObserver.observe({ entryTypes: ['longtask'] });
/** Long tasks so far, including entries queued but not yet delivered to the observer (a busy page delivers late). */
function longTasksNow(): number[] {
  for (const e of longTaskObserver.takeRecords()) stats.longTasks.push(e.duration);
  return stats.longTasks;
}

const nextFrames = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

function countNodes(root: Node): number {
  let n = 0;
  const walk = (node: Node) => {
    n++;
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(root);
  return n;
}

// ---- the lines: a CI-like mix, about one in five coloured, a few warnings and errors ----

const T0 = Date.parse('2026-11-25T08:00:00.000Z');
const WORDS = ['compiling', 'linking', 'resolving', 'downloading', 'testing', 'packaging', 'checking', 'writing'];
let madeSeq = 0;

function makeLine(): LogEvent {
  const seq = ++madeSeq;
  const word = WORDS[seq % WORDS.length]!;
  let text: string;
  if (seq % 97 === 0) text = `\x1b[31merror\x1b[0m: ${word} module-${seq % 1013} failed after ${seq % 577} ms`;
  else if (seq % 31 === 0) text = `\x1b[33mwarning\x1b[0m: ${word} src/pkg-${seq % 211}/file-${seq % 89}.ts is slow`;
  else if (seq % 5 === 0)
    text = `\x1b[32m✓\x1b[0m ${word} \x1b[1mpackages/lib-${seq % 307}\x1b[22m (${seq % 9973} files, ${seq % 61} s)`;
  else text = `[${word}] step ${seq} of the job: src/module-${seq % 4099}/index.ts -> dist/module-${seq % 4099}.js`;
  return { type: 'log', seq, time: new Date(T0 + seq).toISOString(), text };
}

// ---- contenders ----

interface Contender {
  /** Takes one batch of lines (generator source). */
  take(lines: readonly LogEvent[]): void;
  /** Lines taken in so far. */
  shown(): number;
  jumpToEnd(): Promise<number>;
  search(term: string): Promise<number>;
}

/** A feed over the real ring buffer, filled by the page: one notification per batch. */
class PageFeed implements RunFeed {
  readonly runId = runId;
  readonly logs = new RingLogWindow(capacity);
  private readonly listeners = new Set<(state: RunFeedState, change: RunFeedChange) => void>();
  private readonly state: RunFeedState = {
    runId,
    run: undefined,
    logs: this.logs,
    connection: { status: 'live', attempt: 0 },
    malformed: 0,
  };
  getState(): RunFeedState {
    return this.state;
  }
  subscribe(listener: (state: RunFeedState, change: RunFeedChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onError(): () => void {
    return () => undefined;
  }
  close(): void {}
  push(lines: readonly LogEvent[]): void {
    for (const line of lines) this.logs.push(line);
    const change: RunFeedChange = { run: false, appendedLines: lines.length, logsReset: false, connection: false };
    for (const l of this.listeners) l(this.state, change);
  }
}

/** Raw WebSocket lines for the baselines on the backend source (the contract's /ws, no validation). */
function rawLines(onLine: (text: string) => void): void {
  const ws = new WebSocket(`${api.replace(/^http/, 'ws')}/ws`);
  ws.onopen = () => ws.send(JSON.stringify({ type: 'subscribe', run: runId, after: 0 }));
  ws.onclose = (e) => (stats.closeCode = e.code);
  ws.onmessage = (m) => {
    const frame = JSON.parse(m.data as string) as { type: string; event?: { type: string; text?: string } };
    if (frame.type === 'ready') stats.ready = true;
    if (frame.type === 'event' && frame.event?.type === 'log') onLine(frame.event.text ?? '');
  };
}

function elementContender(): Contender {
  const element = document.createElement('run-log-tail') as RunLogTail;
  element.style.height = '600px';
  element.style.width = '1000px';
  element.style.display = 'block';
  element.style.setProperty('--run-log-height', '540px');
  let feed: RunFeed;
  let pageFeed: PageFeed | undefined;
  if (source === 'generator') {
    pageFeed = new PageFeed();
    feed = pageFeed;
    stats.ready = true;
  } else {
    feed = watchRun({ baseUrl: api, runId, transport: 'websocket', logCapacity: capacity, tailLines: 0 });
    feed.subscribe((state) => {
      if (state.connection.status === 'live') stats.ready = true;
    });
  }
  element.feed = feed;
  document.body.append(element);
  // Counted when the element has drawn them: while following, its last row is the newest
  // line it has taken in (it batches per frame on purpose), not the newest the feed holds.
  let seen = 0;
  const watch = () => {
    const rows = element.shadowRoot?.querySelectorAll<HTMLElement>('.row.line');
    const last = Number(rows?.[rows.length - 1]?.dataset.seq ?? 0);
    if (last > seen) counted(last - seen);
    seen = Math.max(seen, last);
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  return {
    take: (lines) => pageFeed?.push(lines),
    shown: () => seen,
    jumpToEnd: async () => {
      const first = feed.getState().logs.at(0)?.seq;
      if (first !== undefined) element.scrollToSeq(first);
      await nextFrames();
      const t = performance.now();
      element.jumpToEnd();
      await nextFrames();
      return performance.now() - t;
    },
    search: async (term) => {
      const t = performance.now();
      element.searchText = term;
      await element.updateComplete;
      // The scan runs in slices (or a worker); poll each frame until it is done, bounded.
      while (element.scanning && performance.now() - t < 60_000) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t;
    },
  };
}

function naiveContender(): Contender {
  const box = document.createElement('div');
  box.style.cssText = 'height:600px;width:1000px;overflow:auto;font:12px monospace;white-space:pre';
  document.body.append(box);
  let scheduled = false;
  // Follow the tail once per frame, as a careful hand-written log view would.
  const follow = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      box.scrollTop = box.scrollHeight;
    });
  };
  const add = (text: string) => {
    const row = document.createElement('div');
    row.textContent = text;
    box.append(row);
  };
  if (source === 'generator') stats.ready = true;
  else
    rawLines((text) => {
      add(text);
      counted(1);
      follow();
    });
  return {
    take: (lines) => {
      for (const line of lines) add(line.text);
      counted(lines.length);
      follow();
    },
    shown: () => stats.lines,
    jumpToEnd: async () => {
      box.scrollTop = 0;
      await nextFrames();
      const t = performance.now();
      box.scrollTop = box.scrollHeight;
      await nextFrames();
      return performance.now() - t;
    },
    search: async (term) => {
      const t = performance.now();
      const rows = box.children;
      let hit = -1;
      for (let i = 0; i < rows.length; i++)
        if (rows[i]!.textContent!.includes(term)) {
          hit = i;
          break;
        }
      if (hit >= 0) rows[hit]!.scrollIntoView();
      await nextFrames();
      return performance.now() - t;
    },
  };
}

function xtermContender(): Contender {
  const host = document.createElement('div');
  host.style.cssText = 'height:600px;width:1000px';
  document.body.append(host);
  const term = new Terminal({ scrollback: capacity, rows: 40, cols: 160 });
  term.open(host);
  if (source === 'generator') stats.ready = true;
  // Counted once xterm has parsed the lines into its buffer, not on receipt.
  else rawLines((text) => term.write(`${text}\r\n`, () => counted(1)));
  return {
    // One write per batch: xterm is built for large writes, so this is its best case.
    take: (lines) => {
      let chunk = '';
      for (const line of lines) chunk += `${line.text}\r\n`;
      const n = lines.length;
      term.write(chunk, () => counted(n));
    },
    shown: () => stats.lines,
    jumpToEnd: async () => {
      term.scrollToTop();
      await nextFrames();
      const t = performance.now();
      term.scrollToBottom();
      await nextFrames();
      return performance.now() - t;
    },
    // @xterm/addon-search is not installed: the baseline has no search to time.
    search: async () => NaN,
  };
}

/** The generator alone (`?mode=none`): what making and handing over the lines costs, for calibration. */
function noContender(): Contender {
  stats.ready = true;
  return {
    take: (lines) => counted(lines.length),
    shown: () => stats.lines,
    jumpToEnd: async () => NaN,
    search: async () => NaN,
  };
}

const contenders: Record<string, () => Contender> = {
  element: elementContender,
  naive: naiveContender,
  xterm: xtermContender,
  none: noContender,
};
const contender = (contenders[mode] ?? elementContender)();

// ---- the open-loop driver (generator source) ----

/** What one `drive` did (the runner reads it through `evaluate`). */
export interface DriveResult {
  offered: number;
  /** Lines taken in by the contender within the run plus a one-second grace. */
  taken: number;
  /** Lines/s from the first push until the contender had taken the last line (or the grace ran out). */
  linesPerSec: number;
  /** Largest backlog seen at a frame (lines offered but not yet taken). */
  maxBacklog: number;
  frameIntervals: number[];
  longestTaskMs: number;
}

const tick = (): Promise<void> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/**
 * Offers `rate` lines/s for `seconds`: every task, the lines now due go to the contender in
 * one batch (so a contender that hogs the main thread gets bigger batches, not fewer lines:
 * no coordinated omission). Frames and backlog are sampled every frame while it runs.
 */
async function drive(rate: number, seconds: number): Promise<DriveResult> {
  const total = Math.round(rate * seconds);
  const startShown = contender.shown();
  stats.frameIntervals.length = 0;
  stats.longTasks.length = 0;
  let pushed = 0;
  let maxBacklog = 0;
  let running = true;
  const sample = () => {
    maxBacklog = Math.max(maxBacklog, pushed - (contender.shown() - startShown));
    if (running) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
  const start = performance.now();
  while (pushed < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
    if (due > pushed) {
      const batch: LogEvent[] = [];
      for (; pushed < due; pushed++) batch.push(makeLine());
      contender.take(batch);
    }
    await tick();
    // Yield to rendering now and then even when the contender is fast: a task loop that
    // never sleeps would starve frames in any page.
    if (performance.now() - start > (pushed / rate) * 1000 - 2) await new Promise((r) => setTimeout(r, 1));
  }
  const pushedAt = performance.now();
  while (contender.shown() - startShown < total && performance.now() - pushedAt < 1000)
    await new Promise((r) => requestAnimationFrame(r));
  running = false;
  const end = performance.now();
  const taken = contender.shown() - startShown;
  return {
    offered: total,
    taken,
    linesPerSec: Math.round((taken / (end - start)) * 1000),
    maxBacklog,
    frameIntervals: stats.frameIntervals.slice(),
    longestTaskMs: Math.max(0, ...stats.longTasks),
  };
}

/** Loads `lines` lines as fast as the contender takes them (batches of `batch`); ms until all are shown. */
async function load(lines: number, batch: number): Promise<number> {
  const start = performance.now();
  const startShown = contender.shown();
  for (let pushed = 0; pushed < lines;) {
    const n = Math.min(batch, lines - pushed);
    const out: LogEvent[] = [];
    for (let i = 0; i < n; i++) out.push(makeLine());
    contender.take(out);
    pushed += n;
    await tick();
  }
  while (contender.shown() - startShown < lines && performance.now() - start < 300_000)
    await new Promise((r) => requestAnimationFrame(r));
  await nextFrames();
  return performance.now() - start;
}

(window as unknown as { benchTail: unknown }).benchTail = {
  stats,
  resetFrames() {
    stats.frameIntervals.length = 0;
    stats.longTasks.length = 0;
  },
  nodes: () => countNodes(document),
  longTasks: () => longTasksNow().slice(),
  jumpToEnd: () => contender.jumpToEnd(),
  search: (term: string) => contender.search(term),
  drive,
  load,
};
