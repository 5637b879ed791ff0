/**
 * What an operator watches (issue 14): metrics that count what the streams do, readiness
 * that follows the store and the drain, one log line when the store is lost and one when
 * it is back, a full store told apart, and client addresses and hosts from trusted
 * proxies only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRunServer, type StartedRunServer, type StartRunServerOptions } from '../../server/index.js';
import { createMetrics } from '../../server/ops/metrics.js';
import type { RunStore } from '../../server/store/run-store.js';
import { StoreUnavailableError } from '../../server/store/run-store-errors.js';
import { openSqliteStore } from '../../server/store/sqlite-store.js';
import type { Problem } from '../../src/contract/index.js';
import { recordingLogger } from '../support/recording-logger.js';
import { delegatingStore } from './support/delegating-store.js';
import { SseClient } from './support/sse-client.js';
import { startTestServer } from './support/test-server.js';

const dir = mkdtempSync(join(tmpdir(), 'rpk-ops-endpoints-'));
let server: StartedRunServer | undefined;
let real: RunStore | undefined;

afterEach(async () => {
  await server?.close();
  await real?.close();
  server = undefined;
  real = undefined;
});

/** A server over a store whose every call fails with `failure` while it is set. */
async function start(options: Partial<StartRunServerOptions> = {}) {
  real = openSqliteStore({ path: join(dir, `${Math.random()}.db`) });
  const control: { failure: Error | undefined } = { failure: undefined };
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (control.failure) throw control.failure;
      return fn(...args);
    };
  const base = real;
  const store = delegatingStore(base, {
    getRun: guard((id: string) => base.getRun(id)),
    append: guard((...args: Parameters<RunStore['append']>) => base.append(...args)),
  });
  const lines: string[] = [];
  const metrics = createMetrics({ processMetrics: false });
  server = await startRunServer({
    store,
    metrics,
    logger: recordingLogger(lines, ['info', 'warn', 'error']),
    ...options,
  });
  const origin = new URL(server.url).origin;
  const metric = async (name: string): Promise<number> => {
    const text = await (await fetch(`${origin}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? NaN : Number(line.split(' ')[1]);
  };
  return { server, base, control, lines, origin, metric, url: server.url };
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('operations endpoints and signals', () => {
  it('counts deliveries per transport, catch-up reads and appends in the metrics', async () => {
    const t = await start();
    expect((await fetch(`${t.url}/runs`, json({ id: 'm' }))).status).toBe(201);
    const events = [1, 2, 3].map((n) => ({ type: 'log', text: `line ${n}` }));
    expect((await fetch(`${t.url}/runs/m/events`, json({ events }))).status).toBe(201);
    const sse = await SseClient.open(`${t.url}/runs/m/stream`);
    await sse.until((messages) => messages.filter((m) => m.id !== undefined).length >= 3);
    expect(await t.metric('run_progress_streams_open{transport="sse"}')).toBe(1);
    const poll = await (await fetch(`${t.url}/poll?runs=m:1`)).json();
    expect(poll).toBeTruthy();
    expect(await t.metric('run_progress_events_delivered_total{transport="sse"}')).toBe(3);
    expect(await t.metric('run_progress_events_delivered_total{transport="poll"}')).toBe(2);
    expect(await t.metric('run_progress_catch_up_reads_total')).toBeGreaterThanOrEqual(1);
    expect(await t.metric('run_progress_append_duration_seconds_count{outcome="stored"}')).toBe(1);
    sse.close();
  });

  it('logs one line when the store is lost and one when it is back, and /readyz follows it', async () => {
    const t = await start();
    t.control.failure = new StoreUnavailableError('Redis is unavailable (connection closed)');
    for (let i = 0; i < 10; i++) expect((await fetch(`${t.url}/runs/x`)).status).toBe(503);
    expect((await fetch(`${t.origin}/readyz`)).status).toBe(503);
    expect(await t.metric('run_progress_store_up')).toBe(0);
    expect(await t.metric('run_progress_store_errors_total{kind="unavailable"}')).toBeGreaterThanOrEqual(10);
    t.control.failure = undefined;
    await expect
      .poll(async () => (await fetch(`${t.origin}/readyz`)).status, { timeout: 5000, interval: 200 })
      .toBe(200);
    await expect.poll(() => t.lines.filter((l) => l.startsWith('info: run store back')).length).toBe(1);
    const outageLines = t.lines.filter((l) => !l.startsWith('info: request'));
    expect(outageLines.filter((l) => l.startsWith('warn: run store lost'))).toHaveLength(1);
    expect(outageLines).toHaveLength(2);
    expect(await t.metric('run_progress_store_up')).toBe(1);
  });

  it('answers 507 with its own problem when the store is full, and logs it as full', async () => {
    const t = await start();
    expect((await fetch(`${t.url}/runs`, json({ id: 'f' }))).status).toBe(201);
    t.control.failure = new StoreUnavailableError('Redis is out of memory (OOM command not allowed)', {
      full: true,
      retryAfterMs: 30_000,
    });
    const res = await fetch(`${t.url}/runs/f/events`, json({ events: [{ type: 'log', text: 'x' }] }));
    expect(res.status).toBe(507);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(((await res.json()) as Problem).type).toBe('urn:run-progress-kit:problem:store-full');
    expect(t.lines.some((l) => l.startsWith('warn: run store full'))).toBe(true);
    expect(await t.metric('run_progress_store_errors_total{kind="full"}')).toBe(1);
  });

  it('answers /readyz 503 and refuses new streams once a drain starts, then reports nothing unfinished', async () => {
    const t = await start();
    expect((await fetch(`${t.url}/runs`, json({ id: 'd' }))).status).toBe(201);
    const sse = await SseClient.open(`${t.url}/runs/d/stream`);
    const drained = t.server.runServer.drain(2000);
    expect((await fetch(`${t.origin}/readyz`)).status).toBe(503);
    await sse.ended;
    expect(sse.retry).toBe(250);
    expect(await drained).toEqual({ unfinished: 0 });
    expect(await t.metric('run_progress_draining')).toBe(1);
    const late = await fetch(`${t.url}/runs/d/stream`);
    expect(late.status).toBe(503);
    expect(late.headers.get('connection')).toBe('close');
  });

  it('answers 429 to a tenant at its cap of unfinished runs, with Retry-After', async () => {
    const t = await startTestServer({ retention: { maxActiveRunsPerTenant: 1 } });
    try {
      await t.createRun({ id: 'first' });
      const refused = await t.api('/runs', json({ id: 'second' }));
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(((await refused.json()) as Problem).detail).toContain('unfinished runs');
    } finally {
      await t.close();
    }
  });

  it('takes the client address from X-Forwarded-For only from a trusted proxy', async () => {
    const limited = { rateLimit: { perSecond: 1, burst: 1 } };
    const untrusted = await start(limited);
    const first = await fetch(`${untrusted.url}/runs`, { headers: { 'X-Forwarded-For': '203.0.113.1' } });
    const second = await fetch(`${untrusted.url}/runs`, { headers: { 'X-Forwarded-For': '203.0.113.2' } });
    expect([first.status, second.status]).toEqual([200, 429]);
    await server!.close();
    await real!.close();

    const trusted = await start({ ...limited, trustProxy: 'loopback' });
    const a = await fetch(`${trusted.url}/runs`, { headers: { 'X-Forwarded-For': '203.0.113.1' } });
    const b = await fetch(`${trusted.url}/runs`, { headers: { 'X-Forwarded-For': '203.0.113.2' } });
    const again = await fetch(`${trusted.url}/runs`, { headers: { 'X-Forwarded-For': '203.0.113.2' } });
    expect([a.status, b.status, again.status]).toEqual([200, 200, 429]);
    expect(trusted.lines.find((l) => l.startsWith('info: request'))).toContain('"client":"203.0.113.1"');
  });

  it('accepts a handshake whose proxy dropped the port from Host when a trusted proxy sends X-Forwarded-Host, and logs why one is refused', async () => {
    const handshake = (url: string) =>
      new Promise<number | string>((resolve) => {
        const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', {
          headers: { Host: 'localhost', Origin: 'http://localhost:8443', 'X-Forwarded-Host': 'localhost:8443' },
        });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => {});
      });
    const plain = await start();
    expect(await handshake(plain.url)).toBe(403);
    const refusal = plain.lines.find((l) => l.startsWith('warn: WebSocket handshake refused'));
    expect(refusal).toContain('is neither allowed by --cors nor the same as Host');
    expect(refusal).toContain('Host $http_host');
    await server!.close();
    await real!.close();

    const behindProxy = await start({ trustProxy: ['127.0.0.1', '::1'] });
    expect(await handshake(behindProxy.url)).toBe('open');
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
