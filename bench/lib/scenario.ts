/**
 * The measures every fan-out section is built from: idle subscribers held (memory per
 * connection) and an open-loop load (deliveries/s, producer-to-subscriber latency), with
 * subscribers sharded over load children.
 * @module
 */
import type { SubscriberKind } from '../load/subscribers.js';
import { summarise, type LatencySummary } from './hist.js';
import { cpuMsOf, rssOf, spawnLoadChild, type LoadChild } from './proc.js';
import { postJson, produce } from './producer.js';

/** Something subscribers can follow and a producer can feed. */
export interface Target {
  name: string;
  kind: SubscriberKind;
  /** Base URLs subscribers connect to, spread round-robin (two for two workers on Redis). */
  subscribeUrls: string[];
  /** Where the producer POSTs `{events}`. */
  publishUrl: string;
  /** The server process(es) whose memory and CPU are measured. */
  pids: number[];
  runId: string;
  /** The cursor new subscribers start after (so they get no backlog). */
  after(): Promise<number>;
}

/** The reference backend's run `runId`, created if missing. */
export async function referenceTarget(
  name: string,
  kind: SubscriberKind,
  urls: string[],
  pids: number[],
  runId: string,
): Promise<Target> {
  const status = await postJson(`${urls[0]}/runs`, { id: runId, title: 'bench' });
  if (status !== 201 && status !== 409) throw new Error(`create run ${runId}: HTTP ${status}`);
  return {
    name,
    kind,
    subscribeUrls: urls,
    publishUrl: `${urls[0]}/runs/${runId}/events`,
    pids,
    runId,
    async after() {
      const res = await fetch(`${urls[0]}/runs/${runId}`);
      return ((await res.json()) as { seq: number }).seq;
    },
  };
}

/** A baseline server's target (`/publish`, no cursor). */
export function baselineTarget(name: string, kind: SubscriberKind, url: string, pid: number): Target {
  return {
    name,
    kind,
    subscribeUrls: [url],
    publishUrl: `${url}/publish`,
    pids: [pid],
    runId: 'run',
    after: async () => 0,
  };
}

const rss = (t: Target) => t.pids.reduce((sum, pid) => sum + rssOf(pid), 0);
const cpu = (t: Target) => t.pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 10.24) / 100;

async function connectAll(
  target: Target,
  total: number,
  shards: number,
  dropMs?: number,
): Promise<{ children: LoadChild[]; failed: number }> {
  const after = await target.after();
  const children = Array.from({ length: shards }, () => spawnLoadChild());
  const answers = await Promise.all(
    children.map((child, i) =>
      child.ask<{ ok: number; failed: number }>({
        cmd: 'connect',
        kind: target.kind,
        url: target.subscribeUrls[i % target.subscribeUrls.length],
        runId: target.runId,
        after,
        count: Math.floor(total / shards) + (i < total % shards ? 1 : 0),
        dropMs,
      }),
    ),
  );
  return { children, failed: answers.reduce((s, a) => s + a.failed, 0) };
}

/** Idle subscribers held through heartbeats: server memory growth per connection. */
export interface IdleResult {
  subscribers: number;
  failed: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  perConnectionKB: number;
}

/** Connects `n` idle subscribers, holds them `holdMs`, and measures the server's RSS growth. */
export async function measureIdle(target: Target, n: number, holdMs: number, shards = 2): Promise<IdleResult> {
  const before = rss(target);
  const { children } = await connectAll(target, n, shards);
  await sleep(holdMs);
  const after = rss(target);
  // Held = still open after the hold (a server at its bound may accept, then close).
  const reports = await Promise.all(children.map((c) => c.ask<{ open: number }>({ cmd: 'report' })));
  await Promise.all(children.map((c) => c.stop()));
  const held = reports.reduce((s, r) => s + r.open, 0);
  return {
    subscribers: held,
    failed: n - held,
    rssBeforeMB: mb(before),
    rssAfterMB: mb(after),
    perConnectionKB: held > 0 ? Math.round(((after - before) / held / 1024) * 100) / 100 : NaN,
  };
}

/** An open-loop load's outcome. */
export interface LoadResult {
  subscribers: number;
  ratePerSec: number;
  seconds: number;
  expectedDeliveries: number;
  deliveredPct: number;
  deliveriesPerSec: number;
  latencyMs: LatencySummary;
  serverRssMB: number;
  /** Server CPU over the load, in % of one core (summed over server processes). */
  serverCpuPct: number;
  /** With forced drops: how delivery held up. */
  chaos?: ChaosResult;
}

/** Forced drops: events delivered exactly once and how fast streams resumed. */
export interface ChaosResult {
  dropMs: number;
  drops: number;
  /** Events each subscriber saw once and in order, over those it should have seen. */
  exactlyOncePct: number;
  duplicates: number;
  gaps: number;
  missing: number;
  failedReconnects: number;
  /** From the drop to the reconnected stream's response headers. */
  resumeMs: LatencySummary;
}

interface ChaosReport {
  drops: number;
  duplicates: number;
  gaps: number;
  missing: number;
  failedReconnects: number;
  resumes: string;
}

interface Report {
  deliveries: number;
  errors: number;
  firstNs: string;
  lastNs: string;
  histogram: string;
  chaos: ChaosReport;
}

/**
 * `subscribers` follow the target while the producer sends `rate` events/s for `seconds`;
 * waits (bounded) for the stragglers, then sums what every child saw.
 */
export async function measureLoad(
  target: Target,
  subscribers: number,
  rate: number,
  seconds: number,
  shards = 2,
  dropMs?: number,
): Promise<LoadResult> {
  const { children, failed } = await connectAll(target, subscribers, shards, dropMs);
  try {
    const held = subscribers - failed;
    await sleep(500);
    await Promise.all(children.map((c) => c.ask({ cmd: 'reset' })));
    const cpuBefore = cpu(target);
    const t0 = process.hrtime.bigint();
    const produced = await produce({ url: target.publishUrl }, rate, seconds);
    const expected = produced.sent * held;
    let reports: Report[] = [];
    const drainUntil = Date.now() + 5000;
    for (;;) {
      reports = await Promise.all(children.map((c) => c.ask<Report>({ cmd: 'report' })));
      const got = reports.reduce((s, r) => s + r.deliveries, 0);
      if (got >= expected || Date.now() > drainUntil) break;
      await sleep(200);
    }
    const cpuMs = cpu(target) - cpuBefore;
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const delivered = reports.reduce((s, r) => s + r.deliveries, 0);
    const first = reports.filter((r) => r.deliveries > 0).map((r) => BigInt(r.firstNs));
    const last = reports.map((r) => BigInt(r.lastNs));
    const spanS =
      first.length > 0
        ? Number(last.reduce((a, b) => (b > a ? b : a)) - first.reduce((a, b) => (b < a ? b : a))) / 1e9
        : 0;
    return {
      subscribers: held,
      ratePerSec: rate,
      seconds,
      expectedDeliveries: expected,
      deliveredPct: expected > 0 ? Math.round((delivered / expected) * 10000) / 100 : 0,
      deliveriesPerSec: spanS > 0 ? Math.round(delivered / spanS) : 0,
      latencyMs: summarise(reports.map((r) => r.histogram)),
      serverRssMB: mb(rss(target)),
      serverCpuPct: Math.round((cpuMs / wallMs) * 100),
      ...(dropMs === undefined ? {} : { chaos: chaosOf(reports, dropMs, delivered, expected) }),
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

function chaosOf(reports: Report[], dropMs: number, delivered: number, expected: number): ChaosResult {
  const sum = (key: keyof Omit<ChaosReport, 'resumes'>) => reports.reduce((s, r) => s + r.chaos[key], 0);
  return {
    dropMs,
    drops: sum('drops'),
    // Fresh in-order deliveries only (duplicates are not counted in `delivered`).
    exactlyOncePct: expected > 0 ? Math.round((Math.min(delivered, expected) / expected) * 10000) / 100 : 0,
    duplicates: sum('duplicates'),
    gaps: sum('gaps'),
    missing: sum('missing'),
    failedReconnects: sum('failedReconnects'),
    resumeMs: summarise(reports.map((r) => r.chaos.resumes)),
  };
}
