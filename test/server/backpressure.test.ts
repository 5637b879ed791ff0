import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, type RunEventInput } from '../../src/contract/index.js';
import { startRunServer } from '../../server/index.js';
import { openSqliteStore } from '../../server/store/sqlite-store.js';
import { delegatingStore } from './support/delegating-store.js';
import { SseClient } from './support/sse-client.js';
import { WsClient } from './support/ws-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const MAX_BUFFERED = 128 * 1024;
const LINE = 'x'.repeat(4096);
const batch = (n: number): RunEventInput[] => Array.from({ length: n }, () => ({ type: 'log', text: LINE }));

/** Opens a raw HTTP request that never reads its response (a stalled reader). */
async function stalledRequest(url: URL, path: string, extra = ''): Promise<Socket> {
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.pause();
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n${extra}\r\n`);
  return socket;
}

describe('backpressure and connection bounds', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('drops an SSE reader that stopped reading a chatty run, keeping the queued bytes bounded', async () => {
    t = await startTestServer({ limits: { maxBufferedBytes: MAX_BUFFERED } });
    await t.createRun({ id: 'chatty' });
    const socket = await stalledRequest(new URL(t.url), '/api/runs/chatty/stream');
    await expect.poll(() => t!.server.runServer.stats().connections).toBe(1);
    let peak = 0;
    // 32 MiB: far more than the kernel's socket buffers can hide.
    for (let i = 0; i < 128 && t.server.runServer.stats().dropped === 0; i++) {
      await t.append('chatty', batch(64));
      peak = Math.max(peak, t.server.runServer.stats().bufferedBytes);
    }
    const stats = t.server.runServer.stats();
    expect(stats.dropped).toBe(1);
    expect(stats.connections).toBe(0);
    // Never more than the bound plus the last batch written before the check.
    expect(peak).toBeLessThanOrEqual(MAX_BUFFERED + 64 * (LINE.length + 200));
    socket.resume();
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // A reader that keeps up is not affected by the bound.
    const sse = await SseClient.open(`${t.url}/runs/chatty/stream`);
    await sse.until(() => sse.runEvents().length >= 64, 15_000);
    sse.close();
  });

  it('paces the replay of a history far larger than the bound instead of dropping the reader', async () => {
    t = await startTestServer({ limits: { maxBufferedBytes: MAX_BUFFERED } });
    await t.createRun({ id: 'history' });
    // 8 MiB of history, 64 times the bound.
    for (let i = 0; i < 32; i++) await t.append('history', batch(64));
    const sse = await SseClient.open(`${t.url}/runs/history/stream`);
    sse.pause();
    // The replay fills the kernel's buffers, then waits for room instead of queueing more.
    await expect
      .poll(() => t!.server.runServer.stats().bufferedBytes, { timeout: 10_000 })
      .toBeGreaterThan(MAX_BUFFERED / 4);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(t.server.runServer.stats()).toMatchObject({ connections: 1, dropped: 0 });
    expect(t.server.runServer.stats().bufferedBytes).toBeLessThanOrEqual(MAX_BUFFERED / 4 + LINE.length + 200);
    sse.resume();
    await sse.until(() => sse.runEvents().length === 32 * 64, 20_000);
    expect(sse.runEvents().map((e) => e.seq)).toEqual(Array.from({ length: 32 * 64 }, (_, i) => i + 1));
    expect(t.server.runServer.stats().dropped).toBe(0);
    sse.close();
  });

  it('drops a WebSocket reader that stopped reading', async () => {
    t = await startTestServer({ limits: { maxBufferedBytes: MAX_BUFFERED } });
    await t.createRun({ id: 'chatty-ws' });
    const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws');
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
    ws.send(JSON.stringify({ type: 'subscribe', run: 'chatty-ws', after: 0 }));
    // Once the first event arrived the subscription is live; then the client stops reading.
    const first = new Promise<void>((resolve) => ws.once('message', () => resolve()));
    await t.append('chatty-ws', batch(1));
    await first;
    ws.pause();
    for (let i = 0; i < 128 && t.server.runServer.stats().dropped === 0; i++) await t.append('chatty-ws', batch(64));
    expect(t.server.runServer.stats()).toMatchObject({ dropped: 1, connections: 0 });
    ws.resume();
    // Terminated, not closed politely: the client sees an abnormal closure and reconnects.
    expect(await closed).toBe(1006);
  });

  it('refuses streams over maxConnections with 503 and Retry-After, and WebSockets with 1013', async () => {
    t = await startTestServer({ limits: { maxConnections: 2 } });
    await t.createRun({ id: 'bounded' });
    const one = await SseClient.open(`${t.url}/runs/bounded/stream`);
    const two = await WsClient.connect(t.url);
    const three = await SseClient.open(`${t.url}/runs/bounded/stream`);
    expect(three.response.status).toBe(503);
    expect(three.response.headers.get('retry-after')).toMatch(/^\d+$/);
    const multi = await SseClient.open(`${t.url}/stream?runs=bounded:0`);
    expect(multi.response.status).toBe(503);
    const four = await WsClient.connect(t.url);
    expect(await four.closed).toBe(CloseCode.TryAgainLater);
    expect(t.server.runServer.stats().refused).toBe(3);
    one.close();
    await expect.poll(() => t!.server.runServer.stats().connections).toBe(1);
    const again = await SseClient.open(`${t.url}/runs/bounded/stream`);
    expect(again.response.status).toBe(200);
    again.close();
    two.close();
  });

  it('does not count a stream whose client left while the run was being looked up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rpk-gone-'));
    const real = openSqliteStore({ path: join(dir, 'runs.db') });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const lookedUp = new Promise<void>((resolve) => (asked = resolve));
    const store = delegatingStore(real, {
      async getRun(runId) {
        asked();
        await gate;
        return real.getRun(runId);
      },
    });
    const server = await startRunServer({ store });
    try {
      await real.createRun('public', { id: 'slow' }, new Date());
      const abort = new AbortController();
      const request = fetch(`${server.url}/runs/slow/stream`, { signal: abort.signal }).catch(() => undefined);
      await lookedUp;
      abort.abort();
      await request;
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.runServer.stats().connections).toBe(0);
    } finally {
      release();
      await server.close();
      await real.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closes WebSockets with 1001 and ends SSE streams on close()', async () => {
    t = await startTestServer();
    await t.createRun({ id: 'closing' });
    const sse = await SseClient.open(`${t.url}/runs/closing/stream`);
    const ws = await WsClient.connect(t.url);
    await ws.until((f) => f.length > 0);
    await t.server.runServer.close();
    expect(await ws.closed).toBe(CloseCode.GoingAway);
    await sse.ended;
    expect(sse.done).toBe(true);
    const late = await t.api('/runs/closing');
    expect(late.status).toBe(503);
  });
});
