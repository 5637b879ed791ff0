/**
 * Section `redis` (issue 7): two reference workers sharing one Redis beside one process on
 * SQLite, same load.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { freePort, spawnReference } from '../lib/proc.js';
import { measureLoad, referenceTarget } from '../lib/scenario.js';
import { byMode, type BenchContext, type Json } from './context.js';

async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** WebSocket and SSE on two Redis workers, then on one SQLite process. */
export async function redis(ctx: BenchContext): Promise<Json> {
  const { subscribers, rate, seconds } = byMode(ctx, {
    smoke: { subscribers: 4, rate: 50, seconds: 1 },
    quick: { subscribers: 200, rate: 100, seconds: 1 },
    full: { subscribers: 1000, rate: 50, seconds: 8 },
  });
  const rows: Json = {};
  const redisServer = await startRedis();
  try {
    const spec = `${redisServer.url}/0?prefix=bench`;
    const a = await ctx.track(spawnReference(spec, 15_000));
    const b = await ctx.track(spawnReference(spec, 15_000));
    try {
      for (const kind of ['ref-ws', 'ref-sse'] as const) {
        ctx.log(`redis: two workers, ${kind}`);
        const target = await referenceTarget('redis ×2', kind, [a.url, b.url], [a.pid, b.pid], `r-${kind}`);
        rows[`redis, 2 workers, ${kind === 'ref-ws' ? 'websocket' : 'sse'}`] = await measureLoad(
          target,
          subscribers,
          rate,
          seconds,
        );
      }
    } finally {
      await ctx.stop(a);
      await ctx.stop(b);
    }
  } finally {
    await redisServer.stop();
  }
  const single = await ctx.track(spawnReference(ctx.sqliteSpec(), 15_000));
  try {
    for (const kind of ['ref-ws', 'ref-sse'] as const) {
      ctx.log(`redis: sqlite single, ${kind}`);
      const target = await referenceTarget('sqlite', kind, [single.url], [single.pid], `s-${kind}`);
      rows[`sqlite, 1 process, ${kind === 'ref-ws' ? 'websocket' : 'sse'}`] = await measureLoad(
        target,
        subscribers,
        rate,
        seconds,
      );
    }
  } finally {
    await ctx.stop(single);
  }
  return { rows };
}
