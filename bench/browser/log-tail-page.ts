/**
 * The page of the log-tail benchmark, one contender per load (`?mode=`): `<run-log-tail>` on
 * a live feed, a naive baseline appending one `<div>` per line, or @xterm/xterm writing each
 * line. The baselines read the same run over a raw WebSocket to the same backend, so all
 * three get the same lines the same way. The runner drives it through `window.benchTail`.
 * @module
 */
import { Terminal } from '@xterm/xterm';
import '../../src/components/run-log-tail/run-log-tail.js';
import type { RunLogTail } from '../../src/components/run-log-tail/run-log-tail.js';
import { watchRun } from '../../src/feed/index.js';

const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'element';
const api = params.get('api')!;
const runId = params.get('run')!;
const capacity = Number(params.get('capacity') ?? 1_000_000);

const stats = {
  ready: false,
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
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) stats.longTasks.push(e.duration);
}).observe({ entryTypes: ['longtask'] });

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

/** Raw WebSocket lines for the baselines (the contract's /ws, no validation). */
function rawLines(onLine: (text: string) => void, onBatchEnd: () => void): void {
  const ws = new WebSocket(`${api.replace(/^http/, 'ws')}/ws`);
  ws.onopen = () => {
    ws.send(JSON.stringify({ type: 'subscribe', run: runId, after: 0 }));
  };
  ws.onclose = (e) => (stats.closeCode = e.code);
  ws.onmessage = (m) => {
    const frame = JSON.parse(m.data as string) as { type: string; event?: { type: string; text?: string } };
    if (frame.type === 'ready') stats.ready = true;
    if (frame.type === 'event' && frame.event?.type === 'log') {
      onLine(frame.event.text ?? '');
      onBatchEnd();
    }
  };
}

let jumpToEnd: () => Promise<number>;
let search: (term: string) => Promise<number>;

if (mode === 'element') {
  const feed = watchRun({ baseUrl: api, runId, transport: 'websocket', logCapacity: capacity, tailLines: 0 });
  const element = document.createElement('run-log-tail') as RunLogTail;
  element.style.height = '600px';
  element.style.display = 'block';
  element.feed = feed;
  document.body.append(element);
  let seen = 0;
  feed.subscribe((state, change) => {
    if (state.connection.status === 'live') stats.ready = true;
    const appended = change.logsReset ? Math.max(0, state.logs.size - seen) : change.appendedLines;
    seen = state.logs.size;
    counted(appended);
  });
  jumpToEnd = async () => {
    const first = feed.getState().logs.at(0)?.seq;
    if (first !== undefined) element.scrollToSeq(first);
    await nextFrames();
    const t = performance.now();
    element.jumpToEnd();
    await nextFrames();
    return performance.now() - t;
  };
  search = async (term) => {
    const scanner = () => (element as unknown as { scanner?: { pending: boolean } }).scanner;
    const t = performance.now();
    element.searchText = term;
    await element.updateComplete;
    // The scan runs in slices (or a worker); poll each frame until it is done, bounded.
    while (scanner()?.pending && performance.now() - t < 60_000) await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t;
  };
} else if (mode === 'naive') {
  const box = document.createElement('div');
  box.style.cssText = 'height:600px;overflow:auto;font:12px monospace;white-space:pre';
  document.body.append(box);
  let scheduled = false;
  rawLines(
    (text) => {
      const row = document.createElement('div');
      row.textContent = text;
      box.append(row);
      counted(1);
    },
    () => {
      // Follow the tail once per frame, as a careful hand-written log view would.
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        box.scrollTop = box.scrollHeight;
      });
    },
  );
  jumpToEnd = async () => {
    box.scrollTop = 0;
    await nextFrames();
    const t = performance.now();
    box.scrollTop = box.scrollHeight;
    await nextFrames();
    return performance.now() - t;
  };
  search = async (term) => {
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
  };
} else {
  const host = document.createElement('div');
  host.style.cssText = 'height:600px;width:1000px';
  document.body.append(host);
  const term = new Terminal({ scrollback: capacity, rows: 40, cols: 160 });
  term.open(host);
  rawLines(
    // Counted once xterm has parsed the line into its buffer, not on receipt.
    (text) => term.write(`${text}\r\n`, () => counted(1)),
    () => {},
  );
  jumpToEnd = async () => {
    term.scrollToTop();
    await nextFrames();
    const t = performance.now();
    term.scrollToBottom();
    await nextFrames();
    return performance.now() - t;
  };
  // @xterm/addon-search is not installed: the baseline has no search to time.
  search = async () => NaN;
}

(window as unknown as { benchTail: unknown }).benchTail = {
  stats,
  resetFrames() {
    stats.frameIntervals.length = 0;
    stats.longTasks.length = 0;
  },
  nodes: () => countNodes(document),
  jumpToEnd: () => jumpToEnd(),
  search: (term: string) => search(term),
};
