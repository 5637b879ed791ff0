/**
 * Fuzz: the client's stream parsing (SSE and WebSocket, through the feed) against a hostile
 * server that mixes seeded garbage (invalid JSON, wrong types, unknown frames, NUL and
 * escape bytes, 2 MiB lines, negative, fractional, duplicate and huge seqs) between a real
 * backend's events. Nothing may throw; every malformed message is counted and reported
 * with its shape; the feed ends with exactly the backend's log and the final status.
 * Replay a failure with FUZZ_SEED=<the printed seed>.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRunClient, type FeedMessageError, type RunClient } from '../../src/feed/index.js';
import {
  exponentialBackoff,
  mapLadderMemory,
  sseTransport,
  webSocketTransport,
  type WebSocketConstructor,
} from '../../src/transports/index.js';
import { RunBackend } from '../support/run-backend.js';
import { until } from '../support/feed-helpers.js';
import { HostileServer, prng } from './hostile.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const LINES = 300;

let backend: RunBackend;
beforeAll(async () => {
  process.stdout.write(`stream-parsing fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays it)\n`);
  backend = await RunBackend.start({ heartbeatMs: 15_000 });
});
afterAll(() => backend.close());

describe.each(['sse', 'websocket'] as const)('the feed over a hostile %s stream', (kind) => {
  let hostile: HostileServer;
  let client: RunClient | undefined;
  afterAll(async () => {
    client?.close();
    await hostile?.close();
  });

  it(
    'counts every malformed message with its shape, throws nothing and still delivers the run exactly',
    { timeout: 20_000 },
    async () => {
      const runId = `fuzz-${kind}`;
      await backend.createRun(runId);
      const random = prng(SEED + kind.length);
      hostile = await HostileServer.start(
        backend.server.port,
        async (run, after) => (await backend.allEvents(run)).filter((e) => e.seq > after),
        random,
      );
      await backend.append(runId, [{ type: 'status', status: 'running' }]);

      client = createRunClient({
        baseUrl: hostile.url,
        transports: [kind === 'sse' ? sseTransport() : webSocketTransport()],
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        retryPolicy: exponentialBackoff({ baseMs: 10, maxMs: 50 }),
        memory: mapLadderMemory(),
      });
      const feed = client.watch(runId);
      const errors: FeedMessageError[] = [];
      feed.onError((e) => errors.push(e));
      await until(feed, (s) => s.connection.status === 'live', 10_000);
      // Appended once the stream is open, so every line comes through the hostile stream.
      for (let i = 0; i < LINES; i += 50) {
        const lines = Array.from({ length: 50 }, (_, j) => ({
          type: 'log' as const,
          text: `line ${i + j} ${'é🚀'.repeat((i + j) % 5)} \u001b[32mok\u001b[0m`,
        }));
        await backend.append(runId, lines);
      }
      await backend.append(runId, [{ type: 'status', status: 'succeeded' }]);
      await until(feed, (s) => s.run?.status === 'succeeded' && s.connection.status === 'stopped', 15_000);

      const state = feed.getState();
      const stored = (await backend.allEvents(runId)).filter((e) => e.type === 'log');
      const byMessage: Record<string, number> = {};
      for (const e of errors) byMessage[e.message] = (byMessage[e.message] ?? 0) + 1;
      process.stdout.write(
        `${kind}: ${hostile.stats.connections} connection(s); garbage sent ${JSON.stringify(hostile.stats.sent)}; ` +
          `${errors.length} reported as malformed (${hostile.stats.mustCount} had to be): ${JSON.stringify(byMessage)}\n`,
      );

      expect(state.logs.slice().map((l) => [l.seq, l.text])).toEqual(stored.map((l) => [l.seq, l.text]));
      expect(state.logs.dropped).toBe(0);
      expect(state.malformed).toBe(errors.length);
      // Each broken message once; a duplicate, a frame for another run or a stray SSE field is not broken.
      expect(errors.length).toBe(hostile.stats.mustCount);
      for (const e of errors) {
        expect(e.message).toMatch(/\S/);
        expect(e.shape).toBeDefined();
        // The shape describes the payload; it never carries a 2 MiB copy of it.
        expect(JSON.stringify(e.shape).length).toBeLessThan(10_000);
      }
    },
  );
});
