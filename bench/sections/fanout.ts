/**
 * Section `fanout` (issue 9): the reference backend's SSE and WebSocket fan-out beside
 * socket.io and a bare `node:http` SSE loop (the floor): idle subscribers held, throughput,
 * latency.
 * @module
 */
import { spawnBaseline, spawnReference, type ServerProcess } from '../lib/proc.js';
import { baselineTarget, measureIdle, measureLoad, referenceTarget, type Target } from '../lib/scenario.js';
import { byMode, type BenchContext, type Json } from './context.js';

type Load = { subscribers: number; rate: number; seconds: number };

/** Every contender through the same idle hold and the same open-loop loads. */
export async function fanout(ctx: BenchContext): Promise<Json> {
  const config = byMode<{ idle: number; idleHoldMs: number; throughput: Load; latency: Load[] }>(ctx, {
    smoke: {
      idle: 20,
      idleHoldMs: 200,
      throughput: { subscribers: 4, rate: 200, seconds: 1 },
      latency: [{ subscribers: 4, rate: 50, seconds: 1 }],
    },
    quick: {
      idle: 500,
      idleHoldMs: 1000,
      throughput: { subscribers: 100, rate: 1000, seconds: 1 },
      latency: [{ subscribers: 100, rate: 100, seconds: 1.5 }],
    },
    full: {
      // The hard open-files limit here is 20 000 per process, and the server needs a few.
      idle: 19_000,
      idleHoldMs: 3000,
      throughput: { subscribers: 500, rate: 400, seconds: 8 },
      latency: [
        { subscribers: 1000, rate: 50, seconds: 8 },
        { subscribers: 200, rate: 500, seconds: 8 },
      ],
    },
  });
  const heartbeatMs = 1000;
  const contenders: [string, () => Promise<{ server: ServerProcess; target: () => Promise<Target> }>][] = [
    [
      'reference sse',
      async () => {
        const server = await spawnReference(ctx.sqliteSpec(), heartbeatMs);
        return { server, target: () => referenceTarget('reference sse', 'ref-sse', [server.url], [server.pid], 'fan') };
      },
    ],
    [
      'reference websocket',
      async () => {
        const server = await spawnReference(ctx.sqliteSpec(), heartbeatMs);
        return {
          server,
          target: () => referenceTarget('reference websocket', 'ref-ws', [server.url], [server.pid], 'fan'),
        };
      },
    ],
    [
      'socket.io (websocket)',
      async () => {
        const server = await spawnBaseline('socketio', heartbeatMs);
        return { server, target: async () => baselineTarget('socket.io', 'socketio', server.url, server.pid) };
      },
    ],
    [
      'bare node:http sse (floor)',
      async () => {
        const server = await spawnBaseline('bare-sse', heartbeatMs);
        return { server, target: async () => baselineTarget('bare sse', 'bare-sse', server.url, server.pid) };
      },
    ],
  ];
  const rows: Json = {};
  for (const [name, start] of contenders) {
    const started = await start();
    const server = await ctx.track(Promise.resolve(started.server));
    const makeTarget = started.target;
    try {
      const target = await makeTarget();
      ctx.log(`fanout: ${name}: ${config.idle} idle`);
      const idle = await measureIdle(target, config.idle, config.idleHoldMs);
      const t = config.throughput;
      ctx.log(`fanout: ${name}: throughput ${t.subscribers} × ${t.rate}/s`);
      const throughput = await measureLoad(target, t.subscribers, t.rate, t.seconds);
      const latency = [];
      for (const l of config.latency) {
        ctx.log(`fanout: ${name}: latency ${l.subscribers} × ${l.rate}/s`);
        latency.push(await measureLoad(target, l.subscribers, l.rate, l.seconds));
      }
      rows[name] = { idle, throughput, latency };
    } finally {
      await ctx.stop(server);
    }
  }
  return { heartbeatMs, rows };
}
