/**
 * Section `run-log-tail` (issue 5): `<run-log-tail>` beside a naive append-to-DOM view and
 * @xterm/xterm in the same browser, fed the same lines the same way.
 *
 * Throughput is the contender's own ingest rate: lines are made in the page and handed over
 * in batches by an open-loop driver at a rising offered rate (bench/browser/log-tail-page.ts),
 * because the path through the backend, the socket and the feed's validation tops out near
 * 17 000 lines/s on this machine whatever view sits behind it (measured end to end below,
 * for the element). A rate is *sustained* when the contender took every line within a second
 * of the last one offered and no frame was missed at the 95th percentile, in one of two tries;
 * the sweep stops at the first rate it cannot sustain.
 *
 * `BENCH_TAIL_CONTENDERS=element` (a comma list of modes: element, naive, xterm) runs only
 * those contenders, for iterating: the naive view alone takes minutes to load 1 000 000 lines.
 * @module
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium, meanP95, servePage, type ServedPage } from '../lib/browser.js';
import { spawnReference } from '../lib/proc.js';
import { postJson, produce } from '../lib/producer.js';
import type { DriveResult } from '../browser/log-tail-page.js';
import { byMode, type BenchContext, type Json } from './context.js';

interface TailHandle {
  stats: {
    ready: boolean;
    lines: number;
    firstAt: number;
    lastAt: number;
    frameIntervals: number[];
    longTasks: number[];
    closeCode: number;
  };
  resetFrames(): void;
  nodes(): number;
  /** Long tasks since the last reset, queued ones included. */
  longTasks(): number[];
  jumpToEnd(): Promise<number>;
  search(term: string): Promise<number>;
  drive(rate: number, seconds: number): Promise<DriveResult>;
  load(lines: number, batch: number): Promise<number>;
}
/** The page's handle (functions passed to `evaluate` run in the page, so they name it inline). */
type BenchWindow = { benchTail: TailHandle };

const CONTENDERS = [
  ['<run-log-tail>', 'element'],
  ['naive append-to-DOM', 'naive'],
  ['@xterm/xterm', 'xterm'],
] as const;

/**
 * rAF intervals are 16.67 ms with ±0.1 ms of timer jitter in headless Chromium, so an idle
 * page's p95 reads 16.7–16.8; one missed frame makes an interval of 33.3 ms. A p95 under
 * this bound means no frame was missed at the 95th percentile (the goal's "p95 ≤ 16.7 ms").
 */
const FRAME_BUDGET_MS = 17.5;

const round = (n: number) => Math.round(n * 10) / 10;

async function openTab(browser: Browser, page: ServedPage, query: string): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(`${page.url}?${query}`);
  await tab.waitForFunction(() => (window as unknown as Partial<BenchWindow>).benchTail?.stats.ready, null, {
    timeout: 15_000,
  });
  return tab;
}

/** Ingest rate and frames at each offered rate, up to the first rate the contender cannot hold. */
async function sweep(
  ctx: BenchContext,
  browser: Browser,
  page: ServedPage,
  name: string,
  mode: string,
  rates: readonly number[],
  seconds: number,
): Promise<{ sustained: Json | undefined; steps: Json[] }> {
  const tab = await openTab(browser, page, `mode=${mode}&capacity=1000000`);
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Performance.enable');
  const taskSeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const steps: Json[] = [];
  let sustained: Json | undefined;
  try {
    // Not measured: the first second of a fresh page pays for compiling and the first layouts.
    await tab.evaluate(([rate]) => (window as unknown as BenchWindow).benchTail.drive(rate, 1), [
      rates[0] ?? 1000,
    ] as const);
    for (const rate of rates) {
      let step: Json & { held: boolean } = { held: false };
      // This machine is shared: one noisy stretch can miss frames for anyone. A rate counts
      // as held when one of two tries holds it (every try is reported).
      for (let attempt = 1; attempt <= 2 && !step.held; attempt++) {
        ctx.log(`run-log-tail: ${name}: ${rate} lines/s offered for ${seconds} s (try ${attempt})`);
        const busyBefore = await taskSeconds();
        const r = await tab.evaluate(
          ([rate, seconds]) => (window as unknown as BenchWindow).benchTail.drive(rate, seconds),
          [rate, seconds] as const,
        );
        const busy = (await taskSeconds()) - busyBefore;
        const frameMs = meanP95(r.frameIntervals);
        step = {
          offeredPerSec: rate,
          attempt,
          linesOffered: r.offered,
          linesTaken: r.taken,
          linesPerSec: r.linesPerSec,
          maxBacklogLines: r.maxBacklog,
          frameMs,
          longestTaskMs: round(r.longestTaskMs),
          // Main-thread busy time, the page's generator included (mode `none` is that alone).
          mainThreadUsPerLine: r.taken > 0 ? round((busy * 1e6) / r.taken) : NaN,
          held: r.taken >= r.offered && frameMs.p95 <= FRAME_BUDGET_MS,
        };
        steps.push(step);
      }
      if (!step.held) break;
      sustained = step;
    }
  } finally {
    await tab.close();
  }
  return { sustained, steps };
}

/** Heap of the page's workers (the element's search worker keeps a copy of the window there). */
async function workerHeapBytes(browser: Browser): Promise<number> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    let total = 0;
    for (const target of targetInfos.filter((t) => t.type === 'worker')) {
      const { sessionId } = await session.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
      // A non-flat session: commands go in as messages and answers come back as events.
      const answer = new Promise<{ usedSize: number }>((resolve) => {
        session.on('Target.receivedMessageFromTarget', (event) => {
          if (event.sessionId !== sessionId) return;
          const reply = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
          if (reply.id === 2 && reply.result) resolve(reply.result);
        });
      });
      const send = (id: number, method: string) =>
        session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      await send(1, 'HeapProfiler.collectGarbage');
      await send(2, 'Runtime.getHeapUsage');
      total += (await answer).usedSize;
      await session.send('Target.detachFromTarget', { sessionId });
    }
    return total;
  } finally {
    await session.detach();
  }
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Loads `lines` lines as fast as the contender takes them, then DOM size, heap (page and
 * workers), jump to end and search: once straight after the load (the element's worker may
 * still be copying the burst), then three times after a 2 s pause, as a reader would search
 * (median time; the longest main-thread task over all four).
 */
async function bigLog(browser: Browser, page: ServedPage, mode: string, lines: number): Promise<Json> {
  const tab = await openTab(browser, page, `mode=${mode}&capacity=${lines}`);
  const cdp = await tab.context().newCDPSession(tab);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const search = async (term: string) => {
    await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.resetFrames());
    const ms = await tab.evaluate((t) => (window as unknown as BenchWindow).benchTail.search(t), term);
    // Long-task entries are queued after the task ends: give them a moment, then take them all.
    await tab.waitForTimeout(100);
    const longest = await tab.evaluate(() => Math.max(0, ...(window as unknown as BenchWindow).benchTail.longTasks()));
    return { ms, longest };
  };
  try {
    const heapBefore = await heap();
    const loadMs = await tab.evaluate(([n, batch]) => (window as unknown as BenchWindow).benchTail.load(n, batch), [
      lines,
      10_000,
    ] as const);
    const shown = await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.stats.lines);
    const heapAfter = await heap();
    const domNodes = await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.nodes());
    const jumpToEndMs = await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.jumpToEnd());
    const first = await search('needle-absent-from-every-line');
    await tab.waitForTimeout(2000);
    const runs = [];
    for (let i = 1; i <= 3; i++) runs.push(await search(`needle-absent-${i}`));
    const workerHeap = await workerHeapBytes(browser);
    const per100k = (bytes: number) => round((bytes / 2 ** 20) * (100_000 / Math.max(1, lines)));
    const none = Number.isNaN(first.ms);
    return {
      linesLoaded: shown,
      loadMs: round(loadMs),
      domNodes,
      heapMBPer100kLines: per100k(heapAfter - heapBefore),
      workerHeapMBPer100kLines: per100k(workerHeap),
      jumpToEndMs: round(jumpToEndMs),
      searchMs: none ? 'n/a (no search addon installed)' : round(median(runs.map((r) => r.ms))),
      searchLongestTaskMs: none ? 'n/a' : round(Math.max(first.longest, ...runs.map((r) => r.longest))),
      searchRunsMs: none ? [] : runs.map((r) => round(r.ms)),
      searchRightAfterLoadMs: none ? 'n/a' : round(first.ms),
    };
  } finally {
    await tab.close();
  }
}

/** The element on a live feed from the reference backend: what the whole path delivers. */
async function endToEnd(ctx: BenchContext, browser: Browser, page: ServedPage, lines: number): Promise<Json> {
  const rate = 50_000;
  const server = await ctx.track(spawnReference(ctx.sqliteSpec(), 15_000));
  try {
    await postJson(`${server.url}/runs`, { id: 'tail-e2e', title: 'bench' });
    const tab = await openTab(
      browser,
      page,
      `mode=element&source=backend&api=${encodeURIComponent(server.url)}&run=tail-e2e&capacity=${lines}`,
    );
    try {
      await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.resetFrames());
      ctx.log(`run-log-tail: end to end: ${lines} lines at ${rate}/s through the reference backend`);
      const produced = await produce({ url: `${server.url}/runs/tail-e2e/events` }, rate, lines / rate);
      // Bounded wait for the element to show everything sent (5 s without progress = stopped).
      const deadline = Date.now() + 120_000;
      let shown = -1;
      let progressAt = Date.now();
      for (;;) {
        const now = await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.stats.lines);
        if (now >= produced.sent || Date.now() > deadline || Date.now() - progressAt > 5000) break;
        if (now > shown) [shown, progressAt] = [now, Date.now()];
        await new Promise((r) => setTimeout(r, 250));
      }
      const s = await tab.evaluate(() => {
        const { lines, firstAt, lastAt, frameIntervals } = (window as unknown as BenchWindow).benchTail.stats;
        return { lines, spanMs: lastAt - firstAt, frameIntervals };
      });
      return {
        linesSent: produced.sent,
        linesShown: s.lines,
        offeredPerSec: rate,
        linesPerSec: s.spanMs > 0 ? Math.round((s.lines / s.spanMs) * 1000) : 0,
        frameMs: meanP95(s.frameIntervals),
      };
    } finally {
      await tab.close();
    }
  } finally {
    await ctx.stop(server);
  }
}

/** Sustained lines/s while following, frames, DOM nodes, heap, load, jump to end and search per contender. */
export async function runLogTail(ctx: BenchContext): Promise<Json> {
  const lines = byMode(ctx, { smoke: 5000, quick: 100_000, full: 1_000_000 });
  const rates = byMode(ctx, {
    smoke: [5000],
    quick: [50_000, 100_000],
    full: [25_000, 50_000, 75_000, 100_000, 150_000, 200_000, 400_000, 800_000],
  });
  const seconds = byMode(ctx, { smoke: 1, quick: 2, full: 4 });
  const page = await servePage('bench/browser/log-tail-page.ts');
  const browser = await launchChromium();
  const rows: Json = {};
  try {
    // The generator alone, so its share of the main thread can be told apart.
    const generator = await sweep(ctx, browser, page, 'generator alone', 'none', rates, seconds);
    // BENCH_TAIL_CONTENDERS=element (comma list of modes) runs only those: the naive view
    // alone takes minutes to load 1 000 000 lines.
    const only = process.env.BENCH_TAIL_CONTENDERS?.split(',').map((m) => m.trim());
    for (const [name, mode] of CONTENDERS.filter(([, m]) => !only || only.includes(m))) {
      const { sustained, steps } = await sweep(ctx, browser, page, name, mode, rates, seconds);
      ctx.log(`run-log-tail: ${name}: ${lines} lines loaded at once`);
      const big = await bigLog(browser, page, mode, lines);
      // The first fields keep the names the printed table reads: the sustained step's figures.
      rows[name] = {
        linesShown: sustained?.linesTaken ?? 0,
        linesSent: sustained?.linesOffered ?? 0,
        linesPerSec: sustained?.linesPerSec ?? 0,
        offeredPerSec: sustained?.offeredPerSec ?? 0,
        frameMs: sustained?.frameMs ?? steps[0]?.frameMs,
        longestTaskWhileFollowingMs: sustained?.longestTaskMs ?? steps[0]?.longestTaskMs,
        ...big,
        sweep: steps,
      };
    }
    const e2e = await endToEnd(ctx, browser, page, byMode(ctx, { smoke: 2000, quick: 20_000, full: 200_000 }));
    return {
      lines,
      frameBudgetMs: FRAME_BUDGET_MS,
      secondsPerRate: seconds,
      rows,
      generatorAlone: generator.steps,
      elementEndToEnd: e2e,
    };
  } finally {
    await browser.close();
    await page.close();
  }
}
