/**
 * Section `drops` (issue 9, forced drops): per-run SSE subscribers each dropped on purpose
 * every few seconds and resumed with `Last-Event-ID`; every seq checked exactly once.
 * @module
 */
import { spawnReference } from '../lib/proc.js';
import { measureLoad, referenceTarget } from '../lib/scenario.js';
import { byMode, type BenchContext, type Json } from './context.js';

/** Exactly-once %, duplicates, gaps, resume p50/p99; a miss or a duplicate fails the run. */
export async function drops(ctx: BenchContext): Promise<Json> {
  const { subscribers, dropMs, seconds, rate } = byMode(ctx, {
    smoke: { subscribers: 10, dropMs: 1000, seconds: 3, rate: 20 },
    quick: { subscribers: 200, dropMs: 3000, seconds: 8, rate: 20 },
    // The issue asks for 5 000 clients dropped every 15 s "for a few minutes" and leaves the
    // event rate open: 5/s keeps the deliveries (25 000/s) and the 333 resumes/s within what
    // 2 shared cores can drive while the load children parse every frame.
    full: { subscribers: 5000, dropMs: 15_000, seconds: 180, rate: 5 },
  });
  const server = await ctx.track(spawnReference(ctx.sqliteSpec(), 15_000));
  try {
    const target = await referenceTarget('chaos', 'ref-sse-chaos', [server.url], [server.pid], 'chaos');
    ctx.log(`drops: ${subscribers} per-run SSE subscribers dropped every ${dropMs} ms for ${seconds} s at ${rate}/s`);
    const result = await measureLoad(target, subscribers, rate, seconds, 2, dropMs);
    const c = result.chaos;
    if (!c || c.exactlyOncePct !== 100 || c.duplicates > 0 || c.gaps > 0)
      ctx.fail(`drops: not exactly once (${JSON.stringify(c)})`);
    return { rows: { 'per-run SSE, forced drops': result } };
  } finally {
    await ctx.stop(server);
  }
}
