/**
 * Section `run-progress` (issue 4): the cost of `<run-progress>` updates in headless Chromium
 * at 100 progress events/s (per event, per update, per frame).
 * @module
 */
import { launchChromium, meanP95, servePage } from '../lib/browser.js';
import { spawnReference } from '../lib/proc.js';
import { postJson } from '../lib/producer.js';
import { byMode, type BenchContext, type Json } from './context.js';

/** Sends progress events at `rate`/s for `seconds` (open loop: overdue ones go together). */
async function produceProgress(url: string, rate: number, seconds: number): Promise<number> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let next = 0;
  while (next < total && performance.now() - start < (seconds + 10) * 1000) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    const events = [];
    for (; next < due; next++)
      events.push({
        type: 'progress',
        phase: `phase-${Math.floor((next * 5) / total)}`,
        percent: Math.round((1000 * next) / total) / 10,
        message: `record ${next} of ${total}`,
      });
    if (events.length > 0) await postJson(url, { events });
    await new Promise((r) => setTimeout(r, 5));
  }
  return next;
}

type ProgressStats = {
  updates: number[];
  frames: number[];
  frameIntervals: number[];
  firstSeq: number;
  lastSeq: number;
};
/** The page's handle (functions passed to `evaluate` run in the page, so they name it inline). */
type BenchWindow = { benchProgress: ProgressStats };

/** One page, one element, a steady stream of progress events. */
export async function runProgress(ctx: BenchContext): Promise<Json> {
  const rate = 100;
  const seconds = byMode(ctx, { smoke: 2, quick: 5, full: 60 });
  const server = await ctx.track(spawnReference(ctx.sqliteSpec(), 15_000));
  const page = await servePage('bench/browser/progress-page.ts');
  const browser = await launchChromium();
  try {
    await postJson(`${server.url}/runs`, { id: 'progress', title: 'bench' });
    await postJson(`${server.url}/runs/progress/events`, { type: 'status', status: 'running' });
    const tab = await browser.newPage();
    await tab.goto(`${page.url}?api=${encodeURIComponent(server.url)}&run=progress`);
    await tab.waitForFunction(() => (window as unknown as BenchWindow).benchProgress.firstSeq >= 0, null, {
      timeout: 15_000,
    });
    await tab.evaluate(() => {
      const s = (window as unknown as BenchWindow).benchProgress;
      s.updates.length = s.frames.length = s.frameIntervals.length = 0;
    });
    ctx.log(`run-progress: ${rate} events/s for ${seconds} s`);
    const sent = await produceProgress(`${server.url}/runs/progress/events`, rate, seconds);
    await new Promise((r) => setTimeout(r, 500));
    const stats = await tab.evaluate(() => (window as unknown as BenchWindow).benchProgress);
    const received = stats.lastSeq - stats.firstSeq;
    const totalWork = stats.updates.reduce((s, v) => s + v, 0);
    return {
      rows: {
        '<run-progress> at 100 events/s': {
          seconds,
          eventsSent: sent,
          eventsReceived: received,
          updates: stats.updates.length,
          workPerEventMs: received > 0 ? Math.round((totalWork / received) * 1000) / 1000 : NaN,
          updateMs: meanP95(stats.updates),
          workPerFrameMs: meanP95(stats.frames),
          frameIntervalMs: meanP95(stats.frameIntervals),
        },
      },
    };
  } finally {
    await browser.close();
    await page.close();
    await ctx.stop(server);
  }
}
