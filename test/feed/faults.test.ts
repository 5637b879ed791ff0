/**
 * The feed over real sockets against the reference backend, through a fault-injecting
 * proxy: random cuts, a server restart, 503 bursts, an expired token, a blackholed
 * connection and refused transports. Every scenario ends with the page showing every
 * event exactly once, in order, and the right final status.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RunEventInput } from '../../src/contract/index.js';
import { createRunClient, type RunClient, type RunClientOptions, type RunFeed } from '../../src/feed/index.js';
import {
  exponentialBackoff,
  mapLadderMemory,
  pollingTransport,
  sseTransport,
  webSocketTransport,
  type TransportKind,
  type WebSocketConstructor,
} from '../../src/transports/index.js';
import { FaultProxy, rawResponse } from '../support/fault-proxy.js';
import { lines, record, sleep, until } from '../support/feed-helpers.js';
import { RunBackend } from '../support/run-backend.js';

const HEARTBEAT_MS = 300;
const transports = () => [
  webSocketTransport(),
  sseTransport(),
  pollingTransport({ intervalMs: 20, maxIntervalMs: 100 }),
];

/** A tiny seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

let backend: RunBackend;
let proxy: FaultProxy;
let client: RunClient | undefined;
let runCounter = 0;

beforeAll(async () => {
  backend = await RunBackend.start({ heartbeatMs: HEARTBEAT_MS });
  proxy = await FaultProxy.start(backend.server.port);
});
afterAll(async () => {
  await proxy.close();
  await backend.close();
});
afterEach(() => {
  client?.close();
  client = undefined;
  proxy.cutAfterBytes = undefined;
  proxy.filter = undefined;
  proxy.refusing = false;
});

function open(options: Partial<RunClientOptions> = {}): RunClient {
  client = createRunClient({
    baseUrl: proxy.url(backend.url),
    transports: transports(),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    retryPolicy: exponentialBackoff({ baseMs: 20, maxMs: 250 }),
    memory: mapLadderMemory(),
    // A blackhole also kills the pooled keep-alive sockets a new request may reuse: these
    // bound how long such a request can hang before it is abandoned.
    requestTimeoutMs: 3_000,
    openTimeoutMs: 3_000,
    ...options,
  });
  return client;
}

async function newRun(prefix: string): Promise<string> {
  const id = `${prefix}-${++runCounter}`;
  await backend.createRun(id);
  return id;
}

/** Checks what the page ends up with against the store: every event once, in order, right status. */
async function expectExact(feed: RunFeed, runId: string): Promise<void> {
  const state = feed.getState();
  const events = await backend.allEvents(runId);
  expect(state.run).toEqual(await backend.snapshot(runId));
  const logSeqs = events.filter((e) => e.type === 'log').map((e) => e.seq);
  expect(state.logs.slice().map((l) => l.seq)).toEqual(logSeqs);
  expect(state.logs.dropped).toBe(0);
  expect(state.connection.status).toBe('stopped');
}

/** Appends small random batches until `enough()` says so, then ends the run. */
async function chatter(runId: string, rnd: () => number, enough: () => boolean): Promise<number> {
  let n = 0;
  while (!enough()) {
    const batch: RunEventInput[] = [];
    const size = 1 + Math.floor(rnd() * 12);
    for (let i = 0; i < size; i++) {
      n += 1;
      batch.push(
        rnd() < 0.1
          ? { type: 'progress', phase: `p${n % 5}`, percent: n % 100 }
          : { type: 'log', text: `line ${n} ${'x'.repeat(Math.floor(rnd() * 200))}` },
      );
    }
    await backend.append(runId, batch);
    await sleep(2 + rnd() * 6);
  }
  await backend.append(runId, [{ type: 'status', status: 'succeeded' }]);
  return n + 1;
}

describe.each<TransportKind>(['websocket', 'sse', 'polling'])('over %s', (kind) => {
  it('survives 200 random cuts of a chatty run with every event exactly once', { timeout: 90_000 }, async () => {
    const rnd = random(kind.length * 7919);
    const runId = await newRun(`cuts-${kind}`);
    await backend.append(runId, lines(1, 50));
    const feed = open({ transport: kind, retryPolicy: exponentialBackoff({ baseMs: 10, maxMs: 100 }) }).watch(runId);
    const { changes } = record(feed);
    await until(feed, (s) => s.connection.status === 'live');
    const initialLines = feed.getState().logs.size;
    const changesBefore = changes.length;
    const cutsBefore = proxy.cuts;
    // Cut at random points inside the byte stream, and also at random moments.
    proxy.cutAfterBytes = () => 200 + Math.floor(rnd() * 40_000);
    let cutting = true;
    const cutter = (async () => {
      while (cutting) {
        await sleep(5 + rnd() * 30);
        proxy.cutAll();
      }
    })();
    try {
      await chatter(runId, rnd, () => proxy.cuts - cutsBefore >= 200);
    } finally {
      cutting = false;
      await cutter;
    }
    proxy.cutAfterBytes = undefined;
    await until(feed, (s) => s.connection.status === 'stopped', 30_000);
    expect(proxy.cuts - cutsBefore).toBeGreaterThanOrEqual(200);
    await expectExact(feed, runId);
    // No line was ever shown twice, even for a moment: appends add up to the lines that came.
    const later = changes.slice(changesBefore);
    expect(later.some((c) => c.logsReset)).toBe(false);
    expect(later.reduce((n, c) => n + c.appendedLines, 0)).toBe(feed.getState().logs.size - initialLines);
  });

  it('rides out a server restart mid-run', { timeout: 30_000 }, async () => {
    const runId = await newRun(`restart-${kind}`);
    await backend.append(runId, lines(1, 20));
    const feed = open({ transport: kind }).watch(runId);
    await until(feed, (s) => s.connection.status === 'live' && s.run?.seq === 20);
    await backend.append(runId, lines(21, 5));
    await backend.restart(300);
    await backend.append(runId, lines(26, 5));
    await until(feed, (s) => s.connection.status === 'live' && s.run?.seq === 30);
    await backend.append(runId, [...lines(31, 5), { type: 'status', status: 'failed', error: { message: 'boom' } }]);
    await until(feed, (s) => s.connection.status === 'stopped');
    await expectExact(feed, runId);
    expect(feed.getState().run?.status).toBe('failed');
    expect(feed.getState().connection.lastResumeRecovered).toBe(true);
  });

  it('backs off through a burst of 503s with Retry-After and catches up', { timeout: 30_000 }, async () => {
    const runId = await newRun(`burst-${kind}`);
    await backend.append(runId, lines(1, 10));
    const feed = open({ transport: kind }).watch(runId);
    await until(feed, (s) => s.connection.status === 'live');
    const { states } = record(feed);
    let refused = 0;
    proxy.filter = () => {
      refused += 1;
      return rawResponse(
        503,
        'Service Unavailable',
        { 'Retry-After': '1', 'Content-Type': 'application/problem+json' },
        JSON.stringify({ type: 'urn:x:unavailable', title: 'Overloaded', status: 503 }),
      );
    };
    proxy.cutAll();
    await backend.append(runId, lines(11, 10));
    await until(feed, (s) => s.connection.status === 'reconnecting' && refused >= 2);
    const startedAt = Date.now();
    await sleep(1_500);
    proxy.filter = undefined;
    await backend.append(runId, [{ type: 'status', status: 'succeeded' }]);
    await until(feed, (s) => s.connection.status === 'stopped');
    await expectExact(feed, runId);
    const waits = states.filter(
      (s) => s.connection.status === 'reconnecting' && s.connection.nextRetryAt !== undefined,
    );
    expect(waits.length).toBeGreaterThan(0);
    if (kind !== 'websocket') {
      // HTTP transports see the 503 itself and wait at least its Retry-After.
      expect(waits.some((s) => /503/.test(s.connection.reason ?? ''))).toBe(true);
      expect(refused).toBeLessThan(10);
    }
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  if (kind !== 'polling') {
    it('detects a blackholed connection by its missing heartbeats and reconnects', { timeout: 30_000 }, async () => {
      const runId = await newRun(`blackhole-${kind}`);
      await backend.append(runId, lines(1, 5));
      const feed = open({ transport: kind }).watch(runId);
      await until(feed, (s) => s.connection.status === 'live');
      const { states } = record(feed);
      const silencedAt = Date.now();
      expect(proxy.blackholeExisting()).toBeGreaterThan(0);
      await backend.append(runId, lines(6, 5));
      await until(feed, (s) => s.run?.seq === 10, 15_000);
      const detectedAfter = Date.now() - silencedAt;
      expect(
        states.some((s) => s.connection.status === 'reconnecting' && /heartbeat/.test(s.connection.reason ?? '')),
      ).toBe(true);
      // Dead after 1.5 × 300 ms + 2 s of silence; well before that it must not give up on it.
      expect(detectedAfter).toBeGreaterThanOrEqual(2_000);
      await backend.append(runId, [{ type: 'status', status: 'succeeded' }]);
      await until(feed, (s) => s.connection.status === 'stopped');
      await expectExact(feed, runId);
    });
  }
});

describe('auth', () => {
  let secured: RunBackend;
  let secureProxy: FaultProxy;
  beforeAll(async () => {
    secured = await RunBackend.start({
      heartbeatMs: HEARTBEAT_MS,
      auth: { tokens: { good: { tenant: 't1', role: 'reader' } } },
    });
    secureProxy = await FaultProxy.start(secured.server.port);
  });
  afterAll(async () => {
    await secureProxy.close();
    await secured.close();
  });

  it.each<TransportKind>(['websocket', 'sse', 'polling'])(
    'over %s, a 401 gets one fresh token and the feed goes on',
    async (kind) => {
      const runId = `auth-${kind}`;
      await secured.createRun(runId, 't1');
      await secured.append(runId, lines(1, 3));
      let expired = true;
      const asked: boolean[] = [];
      client = createRunClient({
        baseUrl: secureProxy.url(secured.url),
        transport: kind,
        transports: transports(),
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        retryPolicy: exponentialBackoff({ baseMs: 20, maxMs: 250 }),
        memory: mapLadderMemory(),
        getToken: async ({ refresh }) => {
          asked.push(refresh);
          if (refresh) expired = false;
          return expired ? 'expired' : 'good';
        },
      });
      const feed = client.watch(runId);
      await until(feed, (s) => s.connection.status === 'live' && s.run?.seq === 3);
      expect(asked).toContain(true);
      // The token expires while connected: the next connect is refused once, then refreshed.
      expired = true;
      secureProxy.cutAll();
      await secured.append(runId, [...lines(4, 2), { type: 'status', status: 'succeeded' }]);
      await until(feed, (s) => s.connection.status === 'stopped');
      expect(feed.getState().run).toEqual(await secured.snapshot(runId));
      expect(feed.getState().logs.size).toBe(5);
    },
  );

  it('stops as unauthorized when the fresh token is refused too', async () => {
    await secured.createRun('auth-bad', 't1');
    client = createRunClient({
      baseUrl: secureProxy.url(secured.url),
      transports: transports(),
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      memory: mapLadderMemory(),
      getToken: () => 'wrong',
    });
    const feed = client.watch('auth-bad');
    const state = await until(feed, (s) => s.connection.status === 'unauthorized');
    expect(state.run).toBeUndefined();
  });
});

describe('fallback ladder', () => {
  it(
    'falls back to SSE when the WebSocket upgrade is refused, and to polling when SSE is refused too',
    { timeout: 30_000 },
    async () => {
      const runId = await newRun('ladder');
      await backend.append(runId, lines(1, 5));
      proxy.filter = (head) => (/^upgrade: websocket/im.test(head) ? rawResponse(403, 'Forbidden') : undefined);
      const sseFeed = open().watch(runId);
      await until(sseFeed, (s) => s.connection.status === 'live');
      expect(sseFeed.getState().connection.transport).toBe('sse');
      client?.close();

      proxy.filter = (head) =>
        /^upgrade: websocket/im.test(head)
          ? rawResponse(403, 'Forbidden')
          : /^GET \S*\/stream\?/.test(head)
            ? rawResponse(502, 'Bad Gateway')
            : undefined;
      const pollFeed = open().watch(runId);
      await until(pollFeed, (s) => s.connection.status === 'live');
      expect(pollFeed.getState().connection.transport).toBe('polling');
      await backend.append(runId, [...lines(6, 3), { type: 'status', status: 'succeeded' }]);
      await until(pollFeed, (s) => s.connection.status === 'stopped');
      await expectExact(pollFeed, runId);
    },
  );

  it(
    'moves back up to WebSocket in the background once it is let through, without dropping the run',
    { timeout: 30_000 },
    async () => {
      const runId = await newRun('upgrade');
      proxy.filter = (head) => (/^upgrade: websocket/im.test(head) ? rawResponse(403, 'Forbidden') : undefined);
      const feed = open({ upgradeAfterMs: 500 }).watch(runId);
      await until(feed, (s) => s.connection.status === 'live' && s.connection.transport === 'sse');
      proxy.filter = undefined;
      await until(feed, (s) => s.connection.transport === 'websocket' && s.connection.status === 'live', 10_000);
      await backend.append(runId, [...lines(1, 3), { type: 'status', status: 'succeeded' }]);
      await until(feed, (s) => s.connection.status === 'stopped');
      await expectExact(feed, runId);
    },
  );
});
