/**
 * Section `transports` (issue 3): one feed per transport, producer to callback, beside the
 * npm `eventsource` package; plus the client size report.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { ROOT, spawnReference } from '../lib/proc.js';
import { measureLoad, referenceTarget } from '../lib/scenario.js';
import type { SubscriberKind } from '../load/subscribers.js';
import { byMode, type BenchContext, type Json } from './context.js';

/** Latency at a modest rate and the rate each transport absorbs. */
export async function transports(ctx: BenchContext): Promise<Json> {
  const config = byMode(ctx, {
    smoke: { latency: { rate: 50, seconds: 1 }, absorb: { rate: 200, seconds: 1 } },
    quick: { latency: { rate: 100, seconds: 1 }, absorb: { rate: 2000, seconds: 1 } },
    full: { latency: { rate: 200, seconds: 8 }, absorb: { rate: 10_000, seconds: 5 } },
  });
  const server = await ctx.track(spawnReference(ctx.sqliteSpec(), 15_000));
  const rows: Json = {};
  try {
    const kinds: [string, SubscriberKind][] = [
      ['feed websocket', 'feed-websocket'],
      ['feed sse', 'feed-sse'],
      ['feed polling (1 s)', 'feed-polling'],
      ['npm eventsource@4 (per-run SSE)', 'eventsource'],
    ];
    for (const [name, kind] of kinds) {
      ctx.log(`transports: ${name}`);
      const target = await referenceTarget(name, kind, [server.url], [server.pid], `t-${kind}`);
      const { rate, seconds } = config.latency;
      const latency = await measureLoad(target, 1, rate, seconds, 1);
      const absorb = await measureLoad(target, 1, config.absorb.rate, config.absorb.seconds, 1);
      rows[name] = {
        latencyAtRate: rate,
        p50Ms: latency.latencyMs.p50,
        p99Ms: latency.latencyMs.p99,
        deliveredPct: latency.deliveredPct,
        absorbOfferedPerSec: config.absorb.rate,
        absorbEventsPerSec: absorb.deliveriesPerSec,
        absorbDeliveredPct: absorb.deliveredPct,
        absorbP99Ms: absorb.latencyMs.p99,
      };
    }
  } finally {
    await ctx.stop(server);
  }
  let size: string;
  try {
    size = execFileSync('node', ['scripts/size.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    size = `${(error as { stdout?: string }).stdout ?? String(error)}(npm run size exited non-zero: over its budget)`;
  }
  return { rows, sizeReport: size.trim() };
}
