/**
 * The three example adapters follow runs to the end on real foreign backends (node:http,
 * `ws`), through drops mid-run: the replaying WebSocket does not double lines, the SSE
 * stream without ids does not lose the state.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRunClient, type RunClient, type RunFeed } from '../../src/feed/index.js';
import { exponentialBackoff, type WebSocketConstructor } from '../../src/transports/index.js';
import type { RunAdapter } from '../../src/adapters/index.js';
import { ProblemType } from '../../src/contract/index.js';
import { restPhaseAdapter } from '../../examples/adapters/rest-phase.js';
import { mapStepMessage, sessionSocketAdapter } from '../../examples/adapters/session-socket.js';
import { progressStreamAdapter } from '../../examples/adapters/progress-stream.js';
import { until } from '../support/feed-helpers.js';
import { startForeignBackends, type ForeignBackends } from './servers/foreign-backends.js';

let backends: ForeignBackends;
let client: RunClient | undefined;
beforeAll(async () => {
  backends = await startForeignBackends({ keepaliveMs: 200 });
});
afterAll(() => backends.close());
afterEach(() => client?.close());

let runCount = 0;
function follow(adapter: RunAdapter): { feed: RunFeed; id: string } {
  const id = `run-${++runCount}`;
  backends.create(id, ['fetch_data', 'score', 'publish']);
  client = createRunClient({
    baseUrl: backends.url,
    adapter,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    retryPolicy: exponentialBackoff({ baseMs: 50, maxMs: 200 }),
  });
  return { feed: client.watch(id), id };
}
const phaseIs = (phase: string) => (s: RunFeed['getState'] extends () => infer S ? S : never) => s.run?.phase === phase;
const lines = (feed: RunFeed) =>
  feed
    .getState()
    .logs.slice()
    .map((l) => l.text);
const seqs = (feed: RunFeed) =>
  feed
    .getState()
    .logs.slice()
    .map((l) => l.seq);

describe('a polled REST resource with last_phase', () => {
  it('follows phases and percent to success across a dropped connection', async () => {
    const { feed, id } = follow(restPhaseAdapter);
    await until(feed, (s) => s.connection.status === 'live');
    backends.advance(id);
    await until(feed, phaseIs('fetch_data'));
    backends.drop(id);
    await until(feed, (s) => s.connection.status === 'reconnecting');
    backends.advance(id);
    const scored = await until(feed, phaseIs('score'));
    expect(scored.run?.status).toBe('running');
    expect(scored.run?.percent).toBe(33);
    backends.advance(id);
    backends.advance(id);
    const done = await until(feed, (s) => s.run?.status === 'succeeded');
    expect(done.run).toMatchObject({ phase: 'publish', percent: 100 });
    expect(done.connection.status).toBe('stopped');
  });

  it('shows the failure with the phase it stopped in', async () => {
    const { feed, id } = follow(restPhaseAdapter);
    backends.advance(id);
    await until(feed, phaseIs('fetch_data'));
    backends.fail(id, 'disk full');
    const failed = await until(feed, (s) => s.run?.status === 'failed');
    expect(failed.run?.error).toMatchObject({ message: 'disk full', phase: 'fetch_data' });
  });
});

describe("a backend's own failure bodies", () => {
  const legacy = (problem?: RunAdapter['problem']): RunAdapter => ({
    snapshot: { url: '/legacy/{runId}', map: () => undefined },
    problem,
  });
  const unknownJob: RunAdapter['problem'] = ({ status, body }) =>
    status === 500 && (body as { code?: string }).code === 'JOB_UNKNOWN'
      ? { title: 'No such job', status: 404, detail: (body as { message: string }).message }
      : undefined;

  it("are read through the adapter's problem mapping: an unknown job stops as not found", async () => {
    client = createRunClient({ baseUrl: backends.url, adapter: legacy(unknownJob) });
    const feed = client.watch('nowhere');
    const stopped = await until(feed, (s) => s.connection.status === 'stopped');
    expect(stopped.problem).toMatchObject({
      title: 'No such job',
      status: 404,
      detail: 'job nowhere does not exist',
      type: ProblemType.NotFound,
    });
  });

  it('without a mapping, the same answer is a server error that is retried', async () => {
    client = createRunClient({
      baseUrl: backends.url,
      adapter: legacy(),
      retryPolicy: exponentialBackoff({ baseMs: 20, maxMs: 50 }),
    });
    const feed = client.watch('nowhere');
    await until(feed, (s) => s.connection.status === 'reconnecting' && s.connection.attempt >= 2);
    expect(feed.getState().connection.status).not.toBe('stopped');
  });
});

describe('a WebSocket per session that replays on connect', () => {
  it('does not double a line when the replay comes again after a drop', async () => {
    const { feed, id } = follow(sessionSocketAdapter);
    backends.advance(id);
    backends.advance(id);
    await until(feed, phaseIs('score'));
    expect(lines(feed)).toEqual(['Running fetch_data', 'Running score']);
    backends.drop(id);
    await until(feed, (s) => s.connection.status === 'reconnecting');
    await until(feed, (s) => s.connection.status === 'live');
    backends.advance(id);
    await until(feed, phaseIs('publish'));
    backends.advance(id);
    const done = await until(feed, (s) => s.run?.status === 'succeeded');
    expect(lines(feed)).toEqual(['Running fetch_data', 'Running score', 'Running publish', 'All done']);
    const s = seqs(feed);
    expect(new Set(s).size).toBe(s.length);
    expect(done.run?.steps.map((step) => step.state)).toEqual(['done', 'done', 'done']);
    expect(done.run?.percent).toBe(100);
  });

  it('starts late and still sees every earlier step once', async () => {
    const id = `late-${++runCount}`;
    backends.create(id, ['a', 'b']);
    backends.advance(id);
    backends.advance(id);
    client = createRunClient({
      baseUrl: backends.url,
      adapter: sessionSocketAdapter,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const feed = client.watch(id);
    await until(feed, phaseIs('b'));
    expect(lines(feed)).toEqual(['Running a', 'Running b']);
  });
});

describe('several runs on one client', () => {
  it('follows each on its own socket and closes a socket when its feed closes', async () => {
    const a = follow(sessionSocketAdapter);
    const b = { id: `run-${++runCount}` };
    backends.create(b.id, ['x', 'y']);
    const feedB = client!.watch(b.id);
    backends.advance(a.id);
    backends.advance(b.id);
    await until(a.feed, phaseIs('fetch_data'));
    await until(feedB, phaseIs('x'));
    feedB.close();
    backends.advance(b.id);
    backends.advance(a.id);
    await until(a.feed, phaseIs('score'));
    expect(lines(a.feed)).toEqual(['Running fetch_data', 'Running score']);
    expect(feedB.getState().run?.phase).toBe('x');
  });
});

describe('a mapping that throws', () => {
  it('counts the message as malformed, skips it, and keeps following', async () => {
    const picky: RunAdapter = {
      webSocket: {
        ...sessionSocketAdapter.webSocket,
        map: (body) => {
          if ((body as { step?: string }).step === 'score') throw new Error('unexpected step');
          return mapStepMessage(body);
        },
      },
    };
    const { feed, id } = follow(picky);
    const errors: string[] = [];
    feed.onError((e) => errors.push(e.message));
    backends.advance(id);
    backends.advance(id);
    backends.advance(id);
    const s = await until(feed, phaseIs('publish'));
    expect(s.malformed).toBe(1);
    expect(errors).toEqual(['adapter mapping threw: unexpected step']);
    expect(lines(feed)).toEqual(['Running fetch_data', 'Running publish']);
  });
});

describe('a progress endpoint plus an SSE stream without ids', () => {
  it('keeps the state right when the stream drops and what happened meanwhile is never re-sent', async () => {
    const { feed, id } = follow(progressStreamAdapter);
    await until(feed, (s) => s.connection.status === 'live' && s.connection.transport === 'sse');
    backends.advance(id);
    await until(feed, phaseIs('fetch_data'));
    expect(lines(feed)).toEqual(['started fetch_data']);
    backends.drop(id);
    await until(feed, (s) => s.connection.status === 'reconnecting');
    // While nobody listens: the stream will never tell of this step, the resource will.
    backends.advance(id);
    const resynced = await until(feed, (s) => s.run?.phase === 'score' && s.connection.status === 'live');
    expect(resynced.run?.percent).toBe(33);
    backends.advance(id);
    await until(feed, phaseIs('publish'));
    backends.advance(id);
    const done = await until(feed, (s) => s.run?.status === 'succeeded');
    expect(done.run?.percent).toBe(100);
    // The line of the step that happened during the drop is lost (no ids, no replay): documented.
    expect(lines(feed)).toEqual(['started fetch_data', 'started publish']);
  });

  it('falls back to polling the progress endpoint when the stream is not served', async () => {
    const { feed, id } = follow({
      ...progressStreamAdapter,
      sse: { ...progressStreamAdapter.sse, url: '/v1/runs/{runId}/no-stream-here' },
    });
    await until(feed, (s) => s.connection.status === 'live' && s.connection.transport === 'polling');
    backends.advance(id);
    await until(feed, phaseIs('fetch_data'));
    backends.advance(id);
    backends.advance(id);
    backends.advance(id);
    const done = await until(feed, (s) => s.run?.status === 'succeeded');
    expect(done.run?.percent).toBe(100);
  });

  it('stays live on keepalives alone, and declares a stream without them dead', async () => {
    // heartbeatMs 100 allows 2.15 s of silence; the quiet server sends nothing for a minute.
    const quiet = await startForeignBackends({ keepaliveMs: 60_000 });
    const adapter = { ...progressStreamAdapter, sse: { ...progressStreamAdapter.sse, heartbeatMs: 100 } };
    try {
      const { feed } = follow(adapter);
      quiet.create('q', ['a']);
      const quietClient = createRunClient({
        baseUrl: quiet.url,
        adapter,
        retryPolicy: exponentialBackoff({ baseMs: 5_000 }),
      });
      const quietFeed = quietClient.watch('q');
      await until(feed, (s) => s.connection.status === 'live');
      await until(quietFeed, (s) => s.connection.status === 'live');
      const before = feed.getState().connection;
      const dead = await until(quietFeed, (s) => s.connection.status === 'reconnecting', 5_000);
      expect(dead.connection.reason).toMatch(/no heartbeat/);
      expect(feed.getState().connection).toBe(before);
      quietClient.close();
    } finally {
      await quiet.close();
    }
  });
});
