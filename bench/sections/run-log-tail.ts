/**
 * Section `run-log-tail` (issue 5): `<run-log-tail>` beside a naive append-to-DOM view and
 * @xterm/xterm, fed the same run by the same backend in the same browser.
 * @module
 */
import { launchChromium, meanP95, servePage } from '../lib/browser.js';
import { spawnReference } from '../lib/proc.js';
import { postJson, produce } from '../lib/producer.js';
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
  jumpToEnd(): Promise<number>;
  search(term: string): Promise<number>;
}
/** The page's handle (functions passed to `evaluate` run in the page, so they name it inline). */
type BenchWindow = { benchTail: TailHandle };

/** Lines/s while following, frames, DOM nodes, heap, jump to end and search per contender. */
export async function runLogTail(ctx: BenchContext): Promise<Json> {
  const lines = byMode(ctx, { smoke: 5000, quick: 50_000, full: 1_000_000 });
  const rate = ctx.smoke ? 5000 : 50_000;
  const server = await ctx.track(spawnReference(ctx.sqliteSpec(), 15_000));
  const page = await servePage('bench/browser/log-tail-page.ts');
  const browser = await launchChromium();
  const rows: Json = {};
  try {
    for (const [name, mode] of [
      ['<run-log-tail>', 'element'],
      ['naive append-to-DOM', 'naive'],
      ['@xterm/xterm', 'xterm'],
    ] as const) {
      const runId = `tail-${mode}`;
      await postJson(`${server.url}/runs`, { id: runId, title: 'bench' });
      const tab = await browser.newPage();
      const cdp = await tab.context().newCDPSession(tab);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      };
      try {
        await tab.goto(`${page.url}?mode=${mode}&api=${encodeURIComponent(server.url)}&run=${runId}&capacity=${lines}`);
        await tab.waitForFunction(() => (window as unknown as Partial<BenchWindow>).benchTail?.stats.ready, null, {
          timeout: 15_000,
        });
        const heapBefore = await heap();
        await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.resetFrames());
        ctx.log(`run-log-tail: ${name}: ${lines} lines at ${rate}/s`);
        const produced = await produce({ url: `${server.url}/runs/${runId}/events` }, rate, lines / rate);
        // Bounded wait for the contender to catch up with everything sent; a contender that
        // makes no progress for 5 s has stopped (the naive baseline does not resume when the
        // server closes a reader that fell too far behind).
        const deadline = Date.now() + (ctx.smoke ? 10_000 : 120_000);
        let shown = -1;
        let progressAt = Date.now();
        for (;;) {
          const now = await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.stats.lines);
          if (now >= produced.sent || Date.now() > deadline || Date.now() - progressAt > 5000) break;
          if (now > shown) [shown, progressAt] = [now, Date.now()];
          await new Promise((r) => setTimeout(r, 250));
        }
        const s = await tab.evaluate(() => {
          const { lines, firstAt, lastAt, frameIntervals, longTasks, closeCode } = (window as unknown as BenchWindow)
            .benchTail.stats;
          return { lines, spanMs: lastAt - firstAt, frameIntervals, longTasks: Math.max(0, ...longTasks), closeCode };
        });
        const heapAfter = await heap();
        const nodes = await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.nodes());
        const jumpMs = await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.jumpToEnd());
        await tab.evaluate(() => (window as unknown as BenchWindow).benchTail.resetFrames());
        const searchMs = await tab.evaluate(() =>
          (window as unknown as BenchWindow).benchTail.search('needle-absent-from-every-line'),
        );
        const searchLongestTaskMs = await tab.evaluate(() =>
          Math.max(0, ...(window as unknown as BenchWindow).benchTail.stats.longTasks),
        );
        const round = (n: number) => Math.round(n * 10) / 10;
        rows[name] = {
          linesSent: produced.sent,
          linesShown: s.lines,
          baselineSocketCloseCode: s.closeCode,
          linesPerSec: s.spanMs > 0 ? Math.round((s.lines / s.spanMs) * 1000) : 0,
          offeredPerSec: rate,
          loadSeconds: round(s.spanMs / 1000),
          frameMs: meanP95(s.frameIntervals),
          longestTaskWhileFollowingMs: round(s.longTasks),
          domNodes: nodes,
          heapMBPer100kLines: round(((heapAfter - heapBefore) / 2 ** 20) * (100_000 / Math.max(1, s.lines))),
          jumpToEndMs: round(jumpMs),
          searchMs: Number.isNaN(searchMs) ? 'n/a (no search addon installed)' : round(searchMs),
          searchLongestTaskMs: Number.isNaN(searchMs) ? 'n/a' : round(searchLongestTaskMs),
        };
      } finally {
        await tab.close();
      }
    }
  } finally {
    await browser.close();
    await page.close();
    await ctx.stop(server);
  }
  return { lines, rows };
}
