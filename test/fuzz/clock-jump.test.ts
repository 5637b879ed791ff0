/**
 * A hostile environment rather than hostile bytes: the page's wall clock set back (an NTP
 * correction, a user changing the time) while the connection waits to reconnect.
 *
 * Found by the chaos bench (`npm run bench -- --only chaos`, seed 1381703416): the
 * connection kept its retry deadline in wall-clock time and, when the timer fired,
 * re-armed it for `deadline - Date.now()`, so a clock set back by 19 minutes turned a 2 s
 * retry into a 19-minute one. Fixed in src/transports/connection.ts (`check`): a re-armed
 * wait is capped at the span that was asked for.
 */
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRunClient } from '../../src/feed/index.js';
import { mapLadderMemory, type WebSocketConstructor } from '../../src/transports/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { until } from '../support/feed-helpers.js';
import { RunBackend } from '../support/run-backend.js';

it(
  'reconnects within seconds when the wall clock is set back during a reconnect wait',
  { timeout: 20_000 },
  async () => {
    const realNow = Date.now;
    const backend = await RunBackend.start({ heartbeatMs: 1000 });
    const proxy = await FaultProxy.start(backend.server.port);
    await backend.createRun('clock');
    const client = createRunClient({
      baseUrl: proxy.url(backend.url),
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      memory: mapLadderMemory(),
    });
    const feed = client.watch('clock');
    try {
      await until(feed, (s) => s.connection.status === 'live', 10_000);
      proxy.refusing = true;
      proxy.cutAll();
      await new Promise((r) => setTimeout(r, 1500));
      Date.now = () => realNow() - 19 * 60_000;
      proxy.refusing = false;
      // Backoff after a few refusals is at most a few seconds: twice that is plenty.
      await until(feed, (s) => s.connection.status === 'live', 8_000);
      expect(feed.getState().connection.status).toBe('live');
    } finally {
      Date.now = realNow;
      client.close();
      await proxy.close();
      await backend.close();
    }
  },
);
