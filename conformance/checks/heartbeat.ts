/**
 * Shared rules of the heartbeat checks: how long they may take, how late a heartbeat may
 * be, and reading the interval a backend advertises.
 * @module
 */
import { ReadyFrameSchema } from '../../src/contract/index.js';
import type { CheckContext } from '../context.js';
import { parseValue } from '../http.js';
import { messageJson } from '../streams.js';
import type { ResolvedOptions } from '../options.js';

/**
 * How late a heartbeat may be past its interval: timers on a loaded machine run late, so
 * allow 1.5 s or a fifth of the interval, whichever is more. Clients allow more (the kit:
 * 1.5 × interval + 2 s), so this still catches a backend that misses beats.
 */
export function heartbeatSlackMs(intervalMs: number): number {
  return Math.max(1_500, intervalMs * 0.2);
}

/** Time limit of a heartbeat check: room for the probe and four full intervals. */
export function heartbeatTimeout(options: ResolvedOptions): number {
  const interval = options.heartbeatTimeoutMs;
  return options.waitMs + 4 * (interval + heartbeatSlackMs(interval)) + 2_000;
}

/**
 * The heartbeat interval the backend advertises in the multiplexed stream's `ready` frame;
 * skips the check when it exceeds `--heartbeat-timeout-ms`.
 */
export async function advertisedHeartbeatMs(ctx: CheckContext, runId: string): Promise<number> {
  const probe = await ctx.sse(ctx.paths.multiStream(), { query: { runs: `${runId}:0` } });
  try {
    const first = await ctx.expect(probe.messages, 'the ready frame of GET /stream');
    const ready = parseValue(ReadyFrameSchema, messageJson(first), 'the first frame of GET /stream');
    if (ready.heartbeatMs > ctx.options.heartbeatTimeoutMs) {
      ctx.skip(
        `heartbeat interval ${ready.heartbeatMs} ms exceeds --heartbeat-timeout-ms ${ctx.options.heartbeatTimeoutMs}`,
      );
    }
    return ready.heartbeatMs;
  } finally {
    probe.close();
  }
}
