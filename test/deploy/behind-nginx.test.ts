/**
 * The deployment of docs/deploy.md, run for real (issue 14): Debian's nginx with
 * `deploy/nginx.conf` in front of three workers (`server/cli.ts`) on one Redis. The kit's
 * own client follows runs through nginx over each transport, a producer appends with
 * idempotency keys and retries as docs/deploy.md tells producers to, and workers are
 * restarted one after another (SIGTERM: a rolling deploy) or killed (SIGKILL). Every
 * watcher must see every line exactly once and in order, no append may fail for good,
 * and no read may be cut.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunSnapshot } from '../../src/contract/index.js';
import { createRunClient, type RunClient, type RunFeed } from '../../src/feed/index.js';
import {
  exponentialBackoff,
  mapLadderMemory,
  type TransportKind,
  type WebSocketConstructor,
} from '../../src/transports/index.js';
import { lines, until } from '../support/feed-helpers.js';
import { shouldSkipRedisTests, startRedisServer, type RedisProcess } from '../server/redis/redis-server-process.js';
import { freePort, shouldSkipNginxTests, startNginx, type NginxProcess } from './nginx-process.js';
import { WorkerProcess } from './worker-process.js';

const TRANSPORTS: TransportKind[] = ['websocket', 'sse', 'polling'];
const skip = shouldSkipNginxTests() || shouldSkipRedisTests();

/** A producer as docs/deploy.md describes it: one key per batch, retried until answered. */
class RetryingProducer {
  retries = 0;
  failed = 0;
  constructor(private readonly api: string) {}

  async append(runId: string, key: string, body: unknown): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const answer = await fetch(`${this.api}/runs/${runId}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
      }).then(
        (res) => res.status,
        () => 0,
      );
      if (answer === 201) return;
      if (answer !== 0 && answer < 500 && answer !== 429) throw new Error(`append ${key}: ${answer}`);
      this.retries++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.failed++;
  }
}

describe.skipIf(skip)('three workers behind nginx on one Redis', () => {
  let redis: RedisProcess;
  let nginx: NginxProcess;
  let idleNginx: NginxProcess;
  const workers: WorkerProcess[] = [];
  let api: string;
  const clients: RunClient[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      workers.push(
        new WorkerProcess(port, {
          RUN_STORE: `${redis.url}?prefix=deploy:`,
          RUN_TRUST_PROXY: 'loopback',
          RUN_HEARTBEAT_MS: '500',
          RUN_DRAIN_TIMEOUT_MS: '5000',
        }),
      );
    }
    await Promise.all(workers.map((w) => w.start()));
    nginx = await startNginx({ port: await freePort(), workers: ports });
    // The same file with a 2 s read timeout, to show an idle stream outlives it.
    idleNginx = await startNginx({ port: await freePort(), workers: ports, readTimeout: '2s' });
    api = `${nginx.origin}/api`;
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await nginx?.stop();
    await idleNginx?.stop();
    await redis?.stop();
  });

  const watch = (base: string, runId: string, transport: TransportKind): RunFeed => {
    const client = createRunClient({
      baseUrl: base,
      transport,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      retryPolicy: exponentialBackoff({ baseMs: 20, maxMs: 250 }),
      memory: mapLadderMemory(),
    });
    clients.push(client);
    return client.watch(runId);
  };
  const create = async (id: string) => {
    const res = await fetch(`${api}/runs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ id }),
    });
    expect(res.status).toBe(201);
  };
  const texts = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);

  it('restarts every worker in turn under load: no failed append, no cut read, every line once per watcher', async () => {
    const runId = 'rolling';
    await create(runId);
    const feeds = TRANSPORTS.map((kind) => watch(api, runId, kind));
    await Promise.all(feeds.map((feed) => until(feed, (s) => s.connection.status === 'live')));

    const producer = new RetryingProducer(api);
    let produced = 0;
    let producing = true;
    const production = (async () => {
      while (producing) {
        produced++;
        await producer.append(runId, `line-${produced}`, { events: lines(produced, 1) });
      }
    })();
    // A reader that keeps asking for the run: none of its answers may be lost.
    const reads = { ok: 0, failed: [] as string[] };
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const outcome = await fetch(`${api}/runs/${runId}`).then(
          async (res) => (res.ok ? ((await res.json()) as RunSnapshot, 'ok') : `status ${res.status}`),
          (error: unknown) => String(error),
        );
        if (outcome === 'ok') reads.ok++;
        else reads.failed.push(outcome);
      }
    })();

    for (const worker of workers) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await worker.stop('SIGTERM'), worker.output).toBe(0);
      await worker.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    producing = false;
    await production;
    reading = false;
    await reader;
    const res = await fetch(`${api}/runs/${runId}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ events: [{ type: 'status', status: 'succeeded' }] }),
    });
    expect(res.status).toBe(201);

    expect(producer.failed).toBe(0);
    expect(reads.failed).toEqual([]);
    expect(reads.ok).toBeGreaterThan(10);
    for (const [i, feed] of feeds.entries()) {
      const end = await until(feed, (s) => s.run?.status === 'succeeded', 30_000);
      expect(end.logs.slice().map((line) => line.text), TRANSPORTS[i]).toEqual(texts(produced));
    }
    const snapshot = (await (await fetch(`${api}/runs/${runId}`)).json()) as RunSnapshot;
    expect(snapshot).toMatchObject({ seq: produced + 1, logLines: produced, status: 'succeeded' });
    console.info(
      `rolling restart: ${produced} appends (${producer.retries} retried, 0 failed), ${reads.ok} reads, 0 cut`,
    );
  }, 120_000);

  it('keeps every watcher exactly once through a SIGKILL of a worker', async () => {
    const runId = 'killed';
    await create(runId);
    const feeds = TRANSPORTS.map((kind) => watch(api, runId, kind));
    await Promise.all(feeds.map((feed) => until(feed, (s) => s.connection.status === 'live')));
    const producer = new RetryingProducer(api);
    for (let i = 1; i <= 60; i++) {
      if (i === 30) {
        expect(await workers[1]!.stop('SIGKILL')).toBe(null);
        void workers[1]!.start();
      }
      await producer.append(runId, `k-${i}`, { events: lines(i, 1) });
    }
    await producer.append(runId, 'k-end', { events: [{ type: 'status', status: 'succeeded' }] });
    expect(producer.failed).toBe(0);
    for (const feed of feeds) {
      const end = await until(feed, (s) => s.run?.status === 'succeeded', 30_000);
      expect(end.logs.slice().map((line) => line.text)).toEqual(texts(60));
    }
    await expect.poll(() => fetch(`${workers[1]!.url}/readyz`).then((r) => r.status, () => 0), { timeout: 20_000 }).toBe(200);
  }, 60_000);

  it('keeps an idle stream open past the proxy read timeout (heartbeats), over SSE and WebSocket', async () => {
    const runId = 'idle';
    await create(runId);
    const feeds = (['sse', 'websocket'] as const).map((kind) => watch(`${idleNginx.origin}/api`, runId, kind));
    await Promise.all(feeds.map((feed) => until(feed, (s) => s.connection.status === 'live')));
    const attempts = feeds.map((feed) => feed.getState().connection.attempt);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await new RetryingProducer(api).append(runId, 'idle-1', { events: lines(1, 1) });
    for (const [i, feed] of feeds.entries()) {
      const state = await until(feed, (s) => s.logs.size === 1);
      // Never reconnected: the same attempt as before the silence.
      expect(state.connection.attempt).toBe(attempts[i]);
    }
  }, 30_000);

  it('passes the WebSocket handshake of a page on the proxy origin (Host and X-Forwarded-Host kept)', async () => {
    const opened = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${nginx.origin.replace(/^http/, 'ws')}/api/ws`, { headers: { Origin: nginx.origin } });
      ws.once('open', () => {
        ws.close();
        resolve('open');
      });
      ws.once('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
      ws.once('error', (error) => resolve(String(error)));
    });
    expect(opened).toBe('open');
  });
});
