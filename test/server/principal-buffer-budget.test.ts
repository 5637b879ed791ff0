/**
 * Issue 13: bytes queued per principal. Every stream is bounded on its own, but one token
 * may open many; without a budget across them, streams that never read add up to
 * `maxConnectionsPerPrincipal` × `maxBufferedBytes`. The principal's fullest streams are
 * dropped until its queued bytes are back under `maxBufferedBytesPerPrincipal`, and another
 * tenant's stream is not touched.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEventInput } from '../../src/contract/index.js';
import { BUDGET_SWEEP_MS } from '../../server/streams/connections.js';
import { SseClient } from './support/sse-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const MIB = 1024 * 1024;
const tokens = {
  'a-read': { tenant: 'a', role: 'reader' as const },
  'a-write': { tenant: 'a', role: 'producer' as const },
  'b-read': { tenant: 'b', role: 'reader' as const },
  'b-write': { tenant: 'b', role: 'producer' as const },
};
const line = 'y'.repeat(200 * 1024);

/** A per-run SSE reader that sends its request and never reads a byte of the answer. */
function stalledReader(url: URL, token: string): Socket {
  const socket = connect({ host: url.hostname, port: Number(url.port) });
  // Keep the kernel's buffers small, so the server's own queue is what fills.
  socket.on('connect', () => socket.pause());
  socket.on('error', () => {});
  socket.write(
    `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${token}\r\n\r\n`,
  );
  return socket;
}

const until = async (ok: () => boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return ok();
};

describe('bytes queued per principal', () => {
  let t: TestServer | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await t?.close();
    t = undefined;
  });

  it("drops a principal's fullest streams past its budget and leaves another tenant's stream alone", async () => {
    const budget = 4 * MIB;
    t = await startTestServer({
      auth: { tokens },
      limits: { maxBufferedBytes: 2 * MIB, maxBufferedBytesPerPrincipal: budget, catchUpPageBytes: 512 * 1024 },
    });
    await t.createRun({ id: 'a-run' }, 'a-write');
    await t.createRun({ id: 'b-run' }, 'b-write');
    // 16 MB of history: far more than a stalled socket's kernel buffers take.
    const events: RunEventInput[] = Array.from({ length: 80 }, () => ({ type: 'log', text: line }));
    for (let i = 0; i < events.length; i += 10) await t.append('a-run', events.slice(i, i + 10), 'a-write');

    const url = new URL(`${t.url}/runs/a-run/stream`);
    for (let i = 0; i < 12; i++) sockets.push(stalledReader(url, 'a-read'));
    const stats = () => t!.server.runServer.stats();
    // Each stalled stream fills its own queue; together they would hold well over the budget.
    expect(await until(() => stats().dropped > 0)).toBe(true);
    // From then on the principal's queued bytes stay within the budget, give or take what
    // one sweep interval lets a stream add (each stream is paced to a quarter of its bound).
    let highest = 0;
    const sampleUntil = Date.now() + 6 * BUDGET_SWEEP_MS;
    while (Date.now() < sampleUntil) {
      await new Promise((r) => setTimeout(r, BUDGET_SWEEP_MS / 2));
      highest = Math.max(highest, stats().bufferedBytes);
    }
    expect(highest).toBeLessThanOrEqual(budget + 12 * (2 * MIB));
    await new Promise((r) => setTimeout(r, 2 * BUDGET_SWEEP_MS));
    expect(stats().bufferedBytes).toBeLessThanOrEqual(budget + 2 * MIB);

    // Tenant B reads its own run live, untouched by A's drops.
    const b = await SseClient.open(`${t.url}/runs/b-run/stream`, { Authorization: 'Bearer b-read' });
    await t.append('b-run', [{ type: 'log', text: 'still here' }], 'b-write');
    expect(await until(() => b.messages.some((m) => m.data.includes('still here')))).toBe(true);
    b.close();
  });
});
