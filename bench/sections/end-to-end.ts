/**
 * Section `end-to-end` (issue 9): producer to pixel in headless Chromium. An open-loop
 * producer stamps each progress message and log line with its scheduled wall-clock time;
 * the page (bench/browser/e2e-page.ts) records when `<run-progress>` and `<run-log-tail>`
 * painted it, over each transport alone. Goal: p99 under 50 ms on loopback for WebSocket
 * and SSE (polling is bounded by its interval and shown for comparison).
 * @module
 */
import { launchChromium, servePage } from '../lib/browser.js';
import { spawnReference } from '../lib/proc.js';
import { postJson } from '../lib/producer.js';
import { byMode, type BenchContext, type Json } from './context.js';

const TRANSPORTS = ['websocket', 'sse', 'polling'] as const;
const GOAL_P99_MS = 50;

type E2eStats = { progress: number[]; log: number[]; connected: boolean };
type BenchWindow = { benchE2e: E2eStats };

/** Ticks at `rate`/s for `seconds`; each tick appends one progress event and one log line, stamped. */
async function produceStamped(url: string, rate: number, seconds: number): Promise<number> {
  const wallNow = () => performance.timeOrigin + performance.now();
  const start = wallNow();
  const total = Math.round(rate * seconds);
  let next = 0;
  const posts: Promise<number>[] = [];
  while (next < total && wallNow() - start < (seconds + 10) * 1000) {
    const due = Math.min(total, Math.floor(((wallNow() - start) * rate) / 1000) + 1);
    const events = [];
    for (; next < due; next++) {
      const stamp = `t=${(start + (next * 1000) / rate).toFixed(3)}`;
      events.push({ type: 'progress', phase: 'e2e', percent: (100 * next) / total, message: `${stamp} step ${next}` });
      events.push({ type: 'log', text: `${stamp} line ${next}` });
    }
    if (events.length > 0) posts.push(postJson(url, { events }));
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(posts);
  return next;
}

function percentiles(values: readonly number[]): { count: number; p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? NaN) * 10) / 10;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** One tab per transport, the same producer schedule for each. */
export async function endToEnd(ctx: BenchContext): Promise<Json> {
  const rate = 20;
  const seconds = byMode(ctx, { smoke: 1, quick: 4, full: 30 });
  const server = await ctx.track(spawnReference(ctx.sqliteSpec(), 15_000));
  const page = await servePage('bench/browser/e2e-page.ts');
  const browser = await launchChromium();
  const rows: Json = {};
  try {
    for (const transport of TRANSPORTS) {
      const run = `e2e-${transport}`;
      await postJson(`${server.url}/runs`, { id: run, title: 'end to end' });
      await postJson(`${server.url}/runs/${run}/events`, { type: 'status', status: 'running' });
      // Tall enough for the log tail's 1 600 px: every line of a poll's batch gets a row.
      const tab = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
      await tab.goto(`${page.url}?api=${encodeURIComponent(server.url)}&run=${run}&transport=${transport}`);
      await tab.waitForFunction(() => (window as unknown as BenchWindow).benchE2e?.connected, null, {
        timeout: 15_000,
      });
      ctx.log(`end-to-end: ${transport}: ${rate} progress events + ${rate} log lines/s for ${seconds} s`);
      const ticks = await produceStamped(`${server.url}/runs/${run}/events`, rate, seconds);
      // Polling catches up within its interval (1 s by default).
      await new Promise((r) => setTimeout(r, transport === 'polling' ? 2500 : 500));
      const stats = await tab.evaluate(() => (window as unknown as BenchWindow).benchE2e);
      await tab.close();
      const log = percentiles(stats.log);
      const progress = percentiles(stats.progress);
      rows[`${transport}`] = { ticks, progress, log, goalP99Ms: transport === 'polling' ? null : GOAL_P99_MS };
      // Every log line must reach the screen: a missing one is a lost event, not a slow one.
      if (log.count !== ticks) ctx.fail(`end-to-end: ${transport}: ${log.count} of ${ticks} log lines painted`);
    }
    return { rows };
  } finally {
    await browser.close();
    await page.close();
    await ctx.stop(server);
  }
}
