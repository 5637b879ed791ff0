import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunServer, type RunServer } from '../../server/index.js';
import { openSqliteStore, type SqliteRunStore } from '../../server/store/sqlite-store.js';
import { startTestServer } from './support/test-server.js';
import { recordingLogger } from '../support/recording-logger.js';

describe('mounting into an existing Node server', () => {
  let server: Server;
  let runs: RunServer;
  let store: SqliteRunStore;
  let dir: string;
  let origin: string;
  const otherUpgrades: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-mount-'));
    store = openSqliteStore({ path: join(dir, 'runs.db') });
    runs = createRunServer({ store, basePath: '/progress/api' });
    server = createServer((req, res) => {
      runs.handle(req, res, () => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('the app');
      });
    });
    runs.attach(server);
    server.on('upgrade', (req, socket) => {
      if (req.url?.startsWith('/progress/api/')) return;
      otherUpgrades.push(req.url ?? '');
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await runs.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the contract under its base path and leaves every other path to the app', async () => {
    const created = await fetch(`${origin}/progress/api/runs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"id":"m1"}',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/progress/api/runs/m1');
    for (const path of ['/', '/api/runs', '/progress/apix', '/progress']) {
      const res = await fetch(origin + path);
      expect(await res.text(), path).toBe('the app');
    }
  });

  it('takes WebSocket upgrades on its path only', async () => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/progress/api/ws`);
    const ready = await new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(ready)).toMatchObject({ type: 'ready' });
    ws.close();
    const other = new WebSocket(`${origin.replace('http', 'ws')}/chat`);
    await new Promise<void>((resolve) => other.once('error', () => resolve()));
    expect(otherUpgrades).toEqual(['/chat']);
  });
});

describe('CORS', () => {
  it('is off by default', async () => {
    const t = await startTestServer();
    try {
      const res = await t.api('/runs', { headers: { Origin: 'https://dash.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('answers preflights and exposes the headers clients read, for allowed origins only', async () => {
    const t = await startTestServer({ cors: { origins: ['https://dash.example'] } });
    try {
      const preflight = await t.api('/runs/x/events', {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://dash.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, idempotency-key, content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://dash.example');
      const allowed = preflight.headers.get('access-control-allow-headers')!.toLowerCase();
      for (const h of ['authorization', 'last-event-id', 'idempotency-key', 'if-none-match', 'content-type'])
        expect(allowed).toContain(h);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
      const get = await t.api('/runs', { headers: { Origin: 'https://dash.example' } });
      expect(get.headers.get('access-control-allow-origin')).toBe('https://dash.example');
      expect(get.headers.get('access-control-expose-headers')).toBe('ETag, Retry-After, Location');
      expect(get.headers.get('vary')).toBe('Origin');
      const stranger = await t.api('/runs', { headers: { Origin: 'https://evil.example' } });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
  });

  it('refuses WebSocket handshakes from pages of other origins unless CORS allows them', async () => {
    const handshake = (url: string, origin?: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', origin ? { origin } : {});
        ws.once('open', () => (ws.close(), resolve('open')));
        ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.once('error', () => {});
      });
    const closed = await startTestServer();
    const listed = await startTestServer({ cors: { origins: ['https://dash.example'] } });
    try {
      expect(await handshake(closed.url, 'https://evil.example')).toBe('403');
      expect(await handshake(closed.url)).toBe('open');
      expect(await handshake(closed.url, new URL(closed.url).origin)).toBe('open');
      expect(await handshake(listed.url, 'https://dash.example')).toBe('open');
      expect(await handshake(listed.url, 'https://evil.example')).toBe('403');
    } finally {
      await closed.close();
      await listed.close();
    }
  });

  it("answers '*' for any origin when configured so", async () => {
    const t = await startTestServer({ cors: { origins: '*' } });
    try {
      const res = await t.api('/runs/none', { headers: { Origin: 'http://localhost:5173' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await t.close();
    }
  });
});

describe('mounted after a body parser', () => {
  it('answers 500 and logs why instead of hanging on a body that was already read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rpk-parsed-'));
    const store = openSqliteStore({ path: join(dir, 'runs.db') });
    const logged: string[] = [];
    const runs = createRunServer({
      store,
      logger: recordingLogger(logged, ['error']),
    });
    const server = createServer((req, res) => {
      // A body parser that consumed the request before the run server saw it.
      req.resume();
      req.on('end', () => runs.handle(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/runs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(500);
      expect(logged.join('\n')).toContain('mount the run server before body parsers');
    } finally {
      await runs.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
