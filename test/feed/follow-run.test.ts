import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as UndiciWebSocket } from 'undici';
import { WebSocket } from 'ws';
import { createRunClient, type RunClient } from '../../src/feed/index.js';
import {
  exponentialBackoff,
  mapLadderMemory,
  type TransportKind,
  type WebSocketConstructor,
} from '../../src/transports/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { RunBackend } from '../support/run-backend.js';
import { lines, until } from '../support/feed-helpers.js';

describe.each<TransportKind>(['websocket', 'sse', 'polling'])(
  'following a run over %s against the reference backend',
  (kind) => {
    let backend: RunBackend;
    let proxy: FaultProxy;
    let client: RunClient | undefined;
    beforeAll(async () => {
      backend = await RunBackend.start({ heartbeatMs: 300 });
      proxy = await FaultProxy.start(backend.server.port);
    });
    afterAll(async () => {
      await proxy.close();
      await backend.close();
    });
    afterEach(() => client?.close());

    const open = () =>
      (client = createRunClient({
        baseUrl: proxy.url(backend.url),
        transport: kind,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        retryPolicy: exponentialBackoff({ baseMs: 20, maxMs: 200 }),
        memory: mapLadderMemory(),
      }));

    it('shows the snapshot and the log tail, then live events, and stops at the end', async () => {
      await backend.createRun(`r-${kind}`);
      await backend.append(`r-${kind}`, [{ type: 'progress', phase: 'load', percent: 5 }, ...lines(1, 30)]);
      const feed = open().watch(`r-${kind}`);
      await until(feed, (s) => s.run?.seq === 31 && s.connection.status === 'live');
      expect(feed.getState().logs.size).toBe(30);
      expect(feed.getState().connection.transport).toBe(kind);
      await backend.append(`r-${kind}`, lines(31, 10));
      await backend.append(`r-${kind}`, [
        { type: 'progress', phase: 'score', percent: 80 },
        { type: 'status', status: 'succeeded' },
      ]);
      const end = await until(feed, (s) => s.connection.status === 'stopped');
      expect(end.run).toEqual(await backend.snapshot(`r-${kind}`));
      expect(end.logs.slice().map((l) => l.text)).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i + 1}`));
    });

    it('carries twenty runs on one connection', async () => {
      const ids = Array.from({ length: 20 }, (_, i) => `dash-${kind}-${i}`);
      for (const id of ids) await backend.createRun(id);
      const c = open();
      const feeds = ids.map((id) => c.watch(id));
      await Promise.all(feeds.map((f) => until(f, (s) => s.connection.status === 'live' && s.run !== undefined)));
      const streamsBefore = proxy.accepted;
      for (const id of ids) await backend.append(id, lines(1, 3));
      await Promise.all(feeds.map((f) => until(f, (s) => s.logs.size === 3)));
      if (kind !== 'polling') {
        // One streaming connection (plus pooled keep-alive REST connections), not twenty.
        expect(backend.server.runServer.stats().connections).toBeLessThanOrEqual(1);
      }
      expect(proxy.accepted - streamsBefore).toBeLessThan(5);
    });
  },
);

describe('with the WHATWG WebSocket API (undici, as in browsers and Node 22)', () => {
  it('follows a run over WebSocket', async () => {
    const backend = await RunBackend.start({ heartbeatMs: 300 });
    const client = createRunClient({
      baseUrl: backend.url,
      transport: 'websocket',
      WebSocket: UndiciWebSocket as unknown as WebSocketConstructor,
      memory: mapLadderMemory(),
    });
    try {
      await backend.createRun('whatwg');
      const feed = client.watch('whatwg');
      await until(feed, (s) => s.connection.status === 'live');
      await backend.append('whatwg', [...lines(1, 3), { type: 'status', status: 'succeeded' }]);
      const end = await until(feed, (s) => s.connection.status === 'stopped');
      expect(end.connection.transport).toBe('websocket');
      expect(end.run).toEqual(await backend.snapshot('whatwg'));
      expect(end.logs.size).toBe(3);
    } finally {
      client.close();
      await backend.close();
    }
  });
});
