/**
 * Issue 13, item 3: connection bounds per principal and per address, and a budget apart
 * for WebSockets that have not authenticated, so one client cannot make another tenant's
 * streams fail. Tenant B connects from 127.0.0.2 (all of 127/8 is loopback on Linux),
 * the attacker from 127.0.0.1.
 */
import { request, type IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, type ServerFrame } from '../../src/contract/index.js';
import type { StartRunServerOptions } from '../../server/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const tokens = {
  'a-read': { tenant: 'a', role: 'reader' as const },
  'a-write': { tenant: 'a', role: 'producer' as const },
  'a-read-2': { tenant: 'a', role: 'reader' as const },
  'b-read': { tenant: 'b', role: 'reader' as const },
  'b-write': { tenant: 'b', role: 'producer' as const },
};

/** Opens a per-run SSE stream and resolves with its response (the stream stays open). */
function sse(base: string, path: string, token: string, localAddress = '127.0.0.1'): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      localAddress,
      headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** A WebSocket that authenticates with `token` (or sends nothing when undefined). */
class Socket {
  readonly ws: WebSocket;
  readonly frames: ServerFrame[] = [];
  readonly closed: Promise<number>;

  constructor(base: string, token: string | undefined, localAddress = '127.0.0.1') {
    this.ws = new WebSocket(base.replace(/^http/, 'ws') + '/ws', { localAddress });
    this.ws.on('error', () => {});
    this.ws.on('message', (data) => this.frames.push(JSON.parse(String(data)) as ServerFrame));
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
    if (token !== undefined) this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'auth', token })));
  }

  /** Resolves true once `ready` arrives, false if the socket closes first. */
  async ready(): Promise<boolean> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (this.frames.some((f) => f.type === 'ready')) return true;
      if (this.ws.readyState === WebSocket.CLOSED) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return false;
  }

  close(): void {
    this.ws.terminate();
  }
}

describe('connection bounds', () => {
  let t: TestServer | undefined;
  const open: Array<{ close(): void }> = [];
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await t?.close();
    t = undefined;
  });

  async function serve(limits: StartRunServerOptions['limits']): Promise<TestServer> {
    t = await startTestServer({ auth: { tokens }, limits });
    await t.createRun({ id: 'a-run' }, 'a-write');
    await t.createRun({ id: 'b-run' }, 'b-write');
    return t;
  }

  it('bounds the streams of one principal (every token of the tenant and role), and no other principal', async () => {
    const t = await serve({ maxConnectionsPerPrincipal: 4 });
    for (let i = 0; i < 2; i++) {
      const res = await sse(t.url, '/runs/a-run/stream', i === 0 ? 'a-read' : 'a-read-2');
      expect(res.statusCode).toBe(200);
      open.push({ close: () => res.destroy() });
    }
    for (let i = 0; i < 2; i++) {
      const ws = new Socket(t.url, 'a-read');
      open.push(ws);
      expect(await ws.ready()).toBe(true);
    }
    // Before: one token held 2 500 SSE + 2 500 WebSocket streams with nothing refused.
    const over = await sse(t.url, '/runs/a-run/stream', 'a-read');
    open.push({ close: () => over.destroy() });
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toMatch(/^\d+$/);
    const overWs = new Socket(t.url, 'a-read-2');
    open.push(overWs);
    expect(await overWs.closed).toBe(CloseCode.RateLimited);
    // Tenant B, and tenant A's producer (another principal), are not affected.
    const b = await sse(t.url, '/runs/b-run/stream', 'b-read');
    open.push({ close: () => b.destroy() });
    expect(b.statusCode).toBe(200);
    const producer = new Socket(t.url, 'a-write');
    open.push(producer);
    expect(await producer.ready()).toBe(true);
    // A closed stream frees its slot.
    open.shift()!.close();
    await expect.poll(() => t.server.runServer.stats().connections).toBe(5);
    const again = await sse(t.url, '/runs/a-run/stream', 'a-read');
    open.push({ close: () => again.destroy() });
    expect(again.statusCode).toBe(200);
  });

  it('bounds the streams from one address, whatever the tokens', async () => {
    const t = await serve({ maxConnectionsPerAddress: 3 });
    const tokensOfA = ['a-read', 'a-read-2', 'a-write'];
    for (const token of tokensOfA) {
      const res = await sse(t.url, '/runs/a-run/stream', token);
      open.push({ close: () => res.destroy() });
      expect(res.statusCode).toBe(200);
    }
    const over = await sse(t.url, '/runs/b-run/stream', 'b-read');
    open.push({ close: () => over.destroy() });
    expect(over.statusCode).toBe(429);
    const fromElsewhere = await sse(t.url, '/runs/b-run/stream', 'b-read', '127.0.0.2');
    open.push({ close: () => fromElsewhere.destroy() });
    expect(fromElsewhere.statusCode).toBe(200);
  });

  it("keeps sockets that never authenticate out of the streams' slots: tenant B's WebSocket and SSE still work", async () => {
    // A small global bound stands in for the default 10 000 (the bench section floods that).
    const t = await serve({ maxConnections: 50, maxUnauthenticatedSocketsPerAddress: 20 });
    const silent: Socket[] = [];
    for (let i = 0; i < 200; i++) silent.push(new Socket(t.url, undefined));
    open.push(...silent);
    // The 20 the budget holds wait for their auth timeout; the other 180 are closed at once.
    // 200 handshakes take over a second on a busy CI machine; the held 20 close at 10 s, so wait up to 8.
    await expect
      .poll(() => silent.filter((s) => s.ws.readyState === WebSocket.CLOSED).length, { timeout: 8_000 })
      .toBe(180);
    expect(t.server.runServer.stats()).toMatchObject({ connections: 0, unauthenticated: 20 });
    expect(await Promise.race(silent.map((s) => s.closed))).toBe(CloseCode.RateLimited);
    // Before: the silent sockets took all 50 slots; B's WebSocket closed 1013 and its SSE answered 503.
    const ws = new Socket(t.url, 'b-read', '127.0.0.2');
    open.push(ws);
    expect(await ws.ready()).toBe(true);
    const b = await sse(t.url, '/runs/b-run/stream', 'b-read', '127.0.0.2');
    open.push({ close: () => b.destroy() });
    expect(b.statusCode).toBe(200);
    // An authenticated socket leaves the budget apart: it counts as a stream now.
    expect(t.server.runServer.stats()).toMatchObject({ connections: 2, unauthenticated: 20 });
  });

  it('closes with 1013 when the budget of unauthenticated sockets is full for everyone', async () => {
    const t = await serve({ maxUnauthenticatedSockets: 5 });
    const silent = Array.from({ length: 5 }, () => new Socket(t.url, undefined));
    open.push(...silent);
    await expect.poll(() => t.server.runServer.stats().unauthenticated).toBe(5);
    const late = new Socket(t.url, 'b-read', '127.0.0.2');
    open.push(late);
    expect(await late.closed).toBe(CloseCode.TryAgainLater);
    // Authenticated streams are untouched by it.
    const b = await sse(t.url, '/runs/b-run/stream', 'b-read', '127.0.0.2');
    open.push({ close: () => b.destroy() });
    expect(b.statusCode).toBe(200);
  });

  it('in open mode bounds streams by address only (everyone is the one anonymous principal)', async () => {
    t = await startTestServer({ limits: { maxConnectionsPerPrincipal: 2, maxConnectionsPerAddress: 3 } });
    await t.createRun({ id: 'open' });
    const opened: IncomingMessage[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await sse(t.url, '/runs/open/stream', '');
      open.push({ close: () => res.destroy() });
      opened.push(res);
    }
    expect(opened.map((r) => r.statusCode)).toEqual([200, 200, 200, 429]);
    const elsewhere = await sse(t.url, '/runs/open/stream', '', '127.0.0.2');
    open.push({ close: () => elsewhere.destroy() });
    expect(elsewhere.statusCode).toBe(200);
  });
});
