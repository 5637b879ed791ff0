/**
 * The page of the `hostile-text` bench section: one `<run-log-tail>` at a time is handed a
 * hostile line among short ones, and the page reports how long the element took to settle
 * (no update pending and none for five frames), how many updates that took, the longest task,
 * the elements of the hostile row and the heap it added. The runner drives it through
 * `window.benchHostile`.
 * @module
 */
// A value import: package.json marks only dist/ as having side effects, so esbuild would drop
// a bare import of the module that defines the tag.
import { RunLogTail } from '../../src/components/run-log-tail/run-log-tail.js';
import type { LogEvent } from '../../src/contract/index.js';
import { RingLogWindow, type RunFeed, type RunFeedChange, type RunFeedState } from '../../src/feed/index.js';
import { PARSE_CASES } from '../sections/hostile-text-lines.js';

/** What one showing measured. */
export interface HostileResult {
  settled: boolean;
  settleMs: number;
  updates: number;
  longestTaskMs: number;
  rowElements: number;
  heapDeltaMB: number;
}

class PageFeed implements RunFeed {
  readonly runId = 'hostile';
  readonly logs = new RingLogWindow(1_000);
  private seq = 0;
  private readonly listeners = new Set<(state: RunFeedState, change: RunFeedChange) => void>();
  private readonly state: RunFeedState = {
    runId: 'hostile',
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
  push(texts: readonly string[]): number {
    for (const text of texts)
      this.logs.push({ type: 'log', seq: ++this.seq, time: new Date(0).toISOString(), text } satisfies LogEvent);
    const change: RunFeedChange = { run: false, appendedLines: texts.length, logsReset: false, connection: false };
    for (const l of this.listeners) l(this.state, change);
    return this.seq;
  }
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const heap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
const short = (n: number) => Array.from({ length: n }, (_, i) => `short line ${i} ok`);

async function show(line: string, wrap: boolean): Promise<HostileResult> {
  const el = new RunLogTail();
  el.style.cssText = 'display:block;width:1000px;--run-log-height:540px';
  el.wrap = wrap;
  el.createSearchWorker = null;
  const feed = new PageFeed();
  el.feed = feed;
  document.body.append(el);
  await el.updateComplete;
  await frame();
  feed.push(short(30));
  for (let i = 0; i < 3; i++) await frame();
  let updates = 0;
  let lastUpdateAt = 0;
  const updated = el.updated.bind(el);
  el.updated = (changed) => {
    updated(changed);
    updates++;
    lastUpdateAt = performance.now();
  };
  const tasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const heapBefore = heap();
  const start = performance.now();
  const hostileSeq = feed.push([line, ...short(3)]) - 3;
  let quiet = 0;
  while (quiet < 5 && performance.now() - start < 10_000) {
    const before = updates;
    await frame();
    await el.updateComplete;
    quiet = updates === before && !el.isUpdatePending ? quiet + 1 : 0;
  }
  for (const e of observer.takeRecords()) tasks.push(e.duration);
  observer.disconnect();
  const row = el.shadowRoot?.querySelector(`.row.line[data-seq="${hostileSeq}"]`);
  const result: HostileResult = {
    settled: quiet >= 5,
    settleMs: Math.round((lastUpdateAt - start) * 10) / 10,
    updates,
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    rowElements: row?.querySelectorAll('*').length ?? 0,
    heapDeltaMB: Math.round(((heap() - heapBefore) / 2 ** 20) * 10) / 10,
  };
  el.remove();
  return result;
}

const api = {
  ready: true,
  cases: PARSE_CASES.map((c) => c.name),
  /** Shows escape-code case `name` (see PARSE_CASES). */
  showCase: (name: string, wrap: boolean) => show(PARSE_CASES.find((c) => c.name === name)?.make() ?? '', wrap),
  /** Shows a plain line of `length` characters. */
  showLong: (length: number, wrap: boolean) => show('x'.repeat(length), wrap),
};
(window as unknown as { benchHostile: typeof api }).benchHostile = api;
