/**
 * `npm run bench [-- --quick] [-- --only transports,fanout,redis] [-- --out DIR]`: every
 * benchmark in one run, each measured beside its baselines on the same machine at the same
 * time; prints a table and writes DIR/report.json (default bench-results/).
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, ROOT, spawnBaseline, spawnReference, type ServerProcess } from './lib/proc.js';
import { baselineTarget, measureIdle, measureLoad, referenceTarget, type Target } from './lib/scenario.js';
import type { SubscriberKind } from './load/subscribers.js';
import { launchChromium, meanP95, servePage } from './lib/browser.js';
import { postJson, produce } from './lib/producer.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    // Tiny counts, for the test that the report keeps its shape; figures are meaningless.
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench-results') },
  },
});
const quick = values.quick || values.smoke;

/** Every section, in the order the brief asks for; all are written. */
const SECTIONS = ['transports', 'fanout', 'redis', 'run-progress', 'run-log-tail', 'chaos'] as const;
type Section = (typeof SECTIONS)[number];
const only = values.only?.split(',').map((s) => s.trim()) as Section[] | undefined;
for (const s of only ?? [])
  if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);

const config = values.smoke
  ? {
      transportLatency: { rate: 50, seconds: 1 },
      transportAbsorb: { rate: 200, seconds: 1 },
      idle: 20,
      idleHoldMs: 200,
      throughput: { subscribers: 4, rate: 200, seconds: 1 },
      latency: [{ subscribers: 4, rate: 50, seconds: 1 }],
      redis: { subscribers: 4, rate: 50, seconds: 1 },
    }
  : quick
    ? {
        transportLatency: { rate: 100, seconds: 2 },
        transportAbsorb: { rate: 2000, seconds: 2 },
        idle: 500,
        idleHoldMs: 1500,
        throughput: { subscribers: 100, rate: 1000, seconds: 2 },
        latency: [{ subscribers: 100, rate: 100, seconds: 2 }],
        redis: { subscribers: 200, rate: 100, seconds: 2 },
      }
    : {
        transportLatency: { rate: 200, seconds: 8 },
        transportAbsorb: { rate: 10_000, seconds: 5 },
        // The hard open-files limit here is 20 000 per process, and the server needs a few.
        idle: 19_000,
        idleHoldMs: 3000,
        throughput: { subscribers: 500, rate: 400, seconds: 8 },
        latency: [
          { subscribers: 1000, rate: 50, seconds: 8 },
          { subscribers: 200, rate: 500, seconds: 8 },
        ],
        redis: { subscribers: 1000, rate: 50, seconds: 8 },
      };

const tmp = mkdtempSync(join(tmpdir(), 'rpk-bench-'));
const servers = new Set<ServerProcess>();
async function track<T extends ServerProcess>(p: Promise<T>): Promise<T> {
  const s = await p;
  servers.add(s);
  return s;
}
async function stop(s: ServerProcess): Promise<void> {
  servers.delete(s);
  await s.stop();
}
let dbs = 0;
const sqliteSpec = () => join(tmp, `bench-${++dbs}.db`);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type Json = Record<string, unknown>;

async function transports(): Promise<Json> {
  const server = await track(spawnReference(sqliteSpec(), 15_000));
  const rows: Json = {};
  try {
    const kinds: [string, SubscriberKind][] = [
      ['feed websocket', 'feed-websocket'],
      ['feed sse', 'feed-sse'],
      ['feed polling (1 s)', 'feed-polling'],
      ['npm eventsource@4 (per-run SSE)', 'eventsource'],
    ];
    for (const [name, kind] of kinds) {
      log(`transports: ${name}`);
      const target = await referenceTarget(name, kind, [server.url], [server.pid], `t-${kind}`);
      const { rate, seconds } = config.transportLatency;
      const latency = await measureLoad(target, 1, rate, seconds, 1);
      const absorb = await measureLoad(target, 1, config.transportAbsorb.rate, config.transportAbsorb.seconds, 1);
      rows[name] = {
        latencyAtRate: rate,
        p50Ms: latency.latencyMs.p50,
        p99Ms: latency.latencyMs.p99,
        deliveredPct: latency.deliveredPct,
        absorbOfferedPerSec: config.transportAbsorb.rate,
        absorbEventsPerSec: absorb.deliveriesPerSec,
        absorbDeliveredPct: absorb.deliveredPct,
        absorbP99Ms: absorb.latencyMs.p99,
      };
    }
  } finally {
    await stop(server);
  }
  let size: string;
  try {
    size = execFileSync('node', ['scripts/size.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    size = `${(error as { stdout?: string }).stdout ?? String(error)}(npm run size exited non-zero: over its budget)`;
  }
  return { rows, sizeReport: size.trim() };
}

async function fanout(): Promise<Json> {
  const heartbeatMs = 1000;
  const contenders: [string, () => Promise<{ server: ServerProcess; target: () => Promise<Target> }>][] = [
    [
      'reference sse',
      async () => {
        const server = await spawnReference(sqliteSpec(), heartbeatMs);
        return { server, target: () => referenceTarget('reference sse', 'ref-sse', [server.url], [server.pid], 'fan') };
      },
    ],
    [
      'reference websocket',
      async () => {
        const server = await spawnReference(sqliteSpec(), heartbeatMs);
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
    const { server, target: makeTarget } = await start();
    servers.add(server);
    try {
      const target = await makeTarget();
      log(`fanout: ${name}: ${config.idle} idle`);
      const idle = await measureIdle(target, config.idle, config.idleHoldMs);
      const t = config.throughput;
      log(`fanout: ${name}: throughput ${t.subscribers} × ${t.rate}/s`);
      const throughput = await measureLoad(target, t.subscribers, t.rate, t.seconds);
      const latency = [];
      for (const l of config.latency) {
        log(`fanout: ${name}: latency ${l.subscribers} × ${l.rate}/s`);
        latency.push(await measureLoad(target, l.subscribers, l.rate, l.seconds));
      }
      rows[name] = { idle, throughput, latency };
    } finally {
      await stop(server);
    }
  }
  return { heartbeatMs, rows };
}

async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
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

async function redis(): Promise<Json> {
  const { subscribers, rate, seconds } = config.redis;
  const rows: Json = {};
  const redisServer = await startRedis();
  try {
    const spec = `${redisServer.url}/0?prefix=bench`;
    const a = await track(spawnReference(spec, 15_000));
    const b = await track(spawnReference(spec, 15_000));
    try {
      for (const kind of ['ref-ws', 'ref-sse'] as const) {
        log(`redis: two workers, ${kind}`);
        const target = await referenceTarget('redis ×2', kind, [a.url, b.url], [a.pid, b.pid], `r-${kind}`);
        rows[`redis, 2 workers, ${kind === 'ref-ws' ? 'websocket' : 'sse'}`] = await measureLoad(
          target,
          subscribers,
          rate,
          seconds,
        );
      }
    } finally {
      await stop(a);
      await stop(b);
    }
  } finally {
    await redisServer.stop();
  }
  const single = await track(spawnReference(sqliteSpec(), 15_000));
  try {
    for (const kind of ['ref-ws', 'ref-sse'] as const) {
      log(`redis: sqlite single, ${kind}`);
      const target = await referenceTarget('sqlite', kind, [single.url], [single.pid], `s-${kind}`);
      rows[`sqlite, 1 process, ${kind === 'ref-ws' ? 'websocket' : 'sse'}`] = await measureLoad(
        target,
        subscribers,
        rate,
        seconds,
      );
    }
  } finally {
    await stop(single);
  }
  return { rows };
}

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

async function runProgress(): Promise<Json> {
  const rate = 100;
  const seconds = values.smoke ? 2 : quick ? 5 : 60;
  const server = await track(spawnReference(sqliteSpec(), 15_000));
  const page = await servePage('bench/browser/progress-page.ts');
  const browser = await launchChromium();
  try {
    await postJson(`${server.url}/runs`, { id: 'progress', title: 'bench' });
    await postJson(`${server.url}/runs/progress/events`, { type: 'status', status: 'running' });
    const tab = await browser.newPage();
    await tab.goto(`${page.url}?api=${encodeURIComponent(server.url)}&run=progress`);
    await tab.waitForFunction(
      () => (window as unknown as { benchProgress: { firstSeq: number } }).benchProgress.firstSeq >= 0,
      null,
      {
        timeout: 15_000,
      },
    );
    await tab.evaluate(() => {
      const s = (
        window as unknown as { benchProgress: { updates: number[]; frames: number[]; frameIntervals: number[] } }
      ).benchProgress;
      s.updates.length = s.frames.length = s.frameIntervals.length = 0;
    });
    log(`run-progress: ${rate} events/s for ${seconds} s`);
    const sent = await produceProgress(`${server.url}/runs/progress/events`, rate, seconds);
    await new Promise((r) => setTimeout(r, 500));
    const stats = await tab.evaluate(
      () =>
        (
          window as unknown as {
            benchProgress: {
              updates: number[];
              frames: number[];
              frameIntervals: number[];
              firstSeq: number;
              lastSeq: number;
            };
          }
        ).benchProgress,
    );
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
    await stop(server);
  }
}

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

async function runLogTail(): Promise<Json> {
  const lines = values.smoke ? 5000 : quick ? 50_000 : 1_000_000;
  const rate = values.smoke ? 5000 : 50_000;
  const server = await track(spawnReference(sqliteSpec(), 15_000));
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
        log(`run-log-tail: ${name}: ${lines} lines at ${rate}/s`);
        const produced = await produce({ url: `${server.url}/runs/${runId}/events` }, rate, lines / rate);
        // Bounded wait for the contender to catch up with everything sent.
        // Bounded wait for the contender to catch up with everything sent; a contender that
        // makes no progress for 5 s has stopped (the naive baseline does not resume when the
        // server closes a reader that fell too far behind).
        const deadline = Date.now() + (values.smoke ? 10_000 : 120_000);
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
    await stop(server);
  }
  return { lines, rows };
}

async function chaos(): Promise<Json> {
  const subscribers = values.smoke ? 10 : quick ? 200 : 2000;
  const dropMs = values.smoke ? 1000 : quick ? 3000 : 15_000;
  const seconds = values.smoke ? 3 : quick ? 12 : 120;
  const rate = 20;
  const server = await track(spawnReference(sqliteSpec(), 15_000));
  try {
    const target = await referenceTarget('chaos', 'ref-sse-chaos', [server.url], [server.pid], 'chaos');
    log(`chaos: ${subscribers} per-run SSE subscribers dropped every ${dropMs} ms for ${seconds} s at ${rate}/s`);
    const result = await measureLoad(target, subscribers, rate, seconds, 2, dropMs);
    return { rows: { 'per-run SSE, forced drops': result } };
  } finally {
    await stop(server);
  }
}

const runners: Partial<Record<Section, () => Promise<Json>>> = {
  chaos,
  transports,
  fanout,
  redis,
  'run-progress': runProgress,
  'run-log-tail': runLogTail,
};

const report: Json = {
  meta: {
    date: new Date().toISOString(),
    mode: values.smoke ? 'smoke' : quick ? 'quick' : 'full',
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    eventBytes: 'about 200 bytes per event as framed by the reference backend',
  },
  sections: {} as Json,
};
const sections = report.sections as Json;

try {
  for (const name of SECTIONS) {
    if (only && !only.includes(name)) {
      sections[name] = { skipped: 'not selected with --only' };
      continue;
    }
    const runner = runners[name];
    if (!runner) {
      sections[name] = { skipped: 'not written yet (see docs/performance.md)' };
      continue;
    }
    const started = Date.now();
    sections[name] = { ...(await runner()), seconds: Math.round((Date.now() - started) / 100) / 10 };
  }
} finally {
  await Promise.all([...servers].map((s) => s.stop()));
  rmSync(tmp, { recursive: true, force: true });
}
(report.meta as Json).loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);

mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
const { printReport } = await import('./lib/print.js');
process.stdout.write(printReport(report));
process.stdout.write(`\nreport: ${join(values.out, 'report.json')}\n`);
