import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  initialSnapshot,
  type EventPage,
  type LogEvent,
  type LogTail,
  type Problem,
  type RunEvent,
  type RunSnapshot,
  type ServerFrame,
} from '../../src/contract/index.js';
import type { RunReader } from '../../src/feed/rest.js';
import { LiveRunFeed, type FeedConnection } from '../../src/feed/run-feed.js';
import type { RunFeedChange } from '../../src/feed/types.js';
import { exponentialBackoff, type RetryContext, type RetryPolicy } from '../../src/transports/backoff.js';
import type { RunSink } from '../../src/transports/connection.js';
import { TransportError, type MalformedMessage } from '../../src/transports/errors.js';
import type { ConnectionInfo } from '../../src/transports/kinds.js';
import { FakeClock, settle } from '../support/fake-clock.js';

const time = '2026-11-25T05:00:00.000Z';
const log = (seq: number): RunEvent => ({ seq, type: 'log', time, text: `line ${seq}` });
const progress = (seq: number, percent: number): RunEvent => ({ seq, type: 'progress', time, phase: 'work', percent });
const done = (seq: number): RunEvent => ({ seq, type: 'status', time, status: 'succeeded' });
const ev = (event: RunEvent): ServerFrame => ({ type: 'event', run: 'r1', event });

/** A run on a pretend server: its events, readable the ways the feed reads them. */
class ScriptedServer implements RunReader {
  history: RunEvent[] = [];
  calls: string[] = [];
  /** When set, the next events() read fails with this status. */
  failEventsWith: number | undefined;

  add(...events: RunEvent[]): void {
    this.history.push(...events);
  }

  snapshotAt(seq: number): RunSnapshot {
    let s = initialSnapshot({ id: 'r1', createdAt: time });
    for (const e of this.history) if (e.seq <= seq) s = applyEvent(s, e);
    return s;
  }

  async snapshot(): Promise<RunSnapshot> {
    this.calls.push('snapshot');
    return this.snapshotAt(this.history.length);
  }

  async events(_run: string, after: number): Promise<EventPage> {
    this.calls.push(`events>${after}`);
    const status = this.failEventsWith;
    if (status) {
      this.failEventsWith = undefined;
      throw new TransportError({ kind: 'status', status, message: `HTTP ${status}` });
    }
    const last = this.history.length;
    return {
      runId: 'r1',
      events: this.history.filter((e) => e.seq > after),
      firstSeq: 1,
      lastSeq: last,
      status: this.snapshotAt(last).status,
    };
  }

  async logTail(_run: string, count: number): Promise<LogTail> {
    this.calls.push(`tail ${count}`);
    const lines = this.history.filter((e): e is LogEvent => e.type === 'log').slice(-count);
    return { runId: 'r1', lines, lastSeq: this.history.length };
  }
}

class ScriptedConnection implements FeedConnection {
  sinks = new Map<string, RunSink>();
  info: ConnectionInfo = { status: 'live', transport: 'websocket', attempt: 0 };
  problem: Problem | undefined;
  private infoListeners = new Set<(info: ConnectionInfo) => void>();
  private malformedListeners = new Set<(e: MalformedMessage) => void>();

  subscribe(run: string, sink: RunSink): () => void {
    this.sinks.set(run, sink);
    return () => this.sinks.delete(run);
  }
  getInfo = () => this.info;
  onInfo(l: (info: ConnectionInfo) => void) {
    this.infoListeners.add(l);
    return () => this.infoListeners.delete(l);
  }
  onMalformed(l: (e: MalformedMessage) => void) {
    this.malformedListeners.add(l);
    return () => this.malformedListeners.delete(l);
  }
  setInfo(info: ConnectionInfo): void {
    this.info = info;
    for (const l of this.infoListeners) l(info);
  }
  malformed(e: MalformedMessage): void {
    for (const l of this.malformedListeners) l(e);
  }
  push(...frames: ServerFrame[]): void {
    this.sinks.get('r1')?.onFrames(frames);
  }
}

async function start(server: RunReader, capacity = 100, retryPolicy: RetryPolicy = exponentialBackoff()) {
  const connection = new ScriptedConnection();
  const clock = new FakeClock();
  const feed = new LiveRunFeed({
    runId: 'r1',
    reader: server,
    connection,
    clock,
    retryPolicy,
    logCapacity: capacity,
    tailLines: Math.min(capacity, 5000),
  });
  const changes: RunFeedChange[] = [];
  feed.subscribe((_s, c) => changes.push(c));
  await settle();
  return { feed, connection, clock, changes };
}

const seqs = (feed: LiveRunFeed) =>
  feed
    .getState()
    .logs.slice()
    .map((l) => l.seq);

describe('LiveRunFeed', () => {
  it('loads the snapshot and the log tail first, then tails the stream from the snapshot seq', async () => {
    const server = new ScriptedServer();
    server.add(progress(1, 10), log(2), log(3), log(4));
    const { feed, connection } = await start(server, 2);
    expect(server.calls).toEqual(['snapshot', 'tail 2']);
    expect(feed.getState().run?.seq).toBe(4);
    expect(seqs(feed)).toEqual([3, 4]);
    expect(feed.getState().logs.dropped).toBe(1);
    expect(connection.sinks.get('r1')?.after()).toBe(4);
  });

  it('drops duplicates and notifies once per batch with the number of appended lines', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection, changes } = await start(server);
    changes.length = 0;
    connection.push(ev(log(1)), ev(log(2)), ev(log(2)), ev(progress(3, 50)), ev(log(4)), ev(log(3)));
    expect(changes).toEqual([{ run: true, appendedLines: 2, logsReset: false, connection: false }]);
    expect(seqs(feed)).toEqual([1, 2, 4]);
    expect(feed.getState().run).toMatchObject({ seq: 4, percent: 50, logLines: 3 });
  });

  it('fills a gap from GET /events after the last seq, in order, then goes on with the stream', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection } = await start(server);
    server.add(log(2), log(3), log(4), log(5));
    connection.push(ev(log(5)));
    await settle();
    expect(server.calls).toContain('events>1');
    expect(seqs(feed)).toEqual([1, 2, 3, 4, 5]);
    connection.push(ev(log(5)), ev(log(6)));
    expect(seqs(feed)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fills the tail a heartbeat says it missed, even with no event frame to show the gap', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection } = await start(server);
    server.add(log(2), log(3));
    connection.push({ type: 'heartbeat', time, runs: { r1: 3 } });
    await settle();
    expect(seqs(feed)).toEqual([1, 2, 3]);
    expect(feed.getState().lastEventAt).toBeDefined();
  });

  it('on a reset frame adopts the snapshot, reloads the log tail and says the resume did not recover', async () => {
    const server = new ScriptedServer();
    server.add(log(1), log(2));
    const { feed, connection, changes } = await start(server);
    server.add(log(3), log(4), log(5), progress(6, 60));
    connection.push({ type: 'reset', run: 'r1', reason: 'trimmed', snapshot: server.snapshotAt(6) });
    await settle();
    expect(feed.getState().run?.seq).toBe(6);
    expect(seqs(feed)).toEqual([1, 2, 3, 4, 5]);
    expect(feed.getState().connection.lastResumeRecovered).toBe(false);
    expect(changes.some((c) => c.logsReset)).toBe(true);
    connection.push(ev(log(7)));
    expect(seqs(feed)).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('reloads the snapshot when the server cannot fill a gap (410 history trimmed)', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection } = await start(server);
    server.add(log(2), log(3), log(4));
    server.failEventsWith = 410;
    connection.push(ev(log(4)));
    await settle();
    expect(server.calls.slice(-3)).toEqual(['events>1', 'snapshot', 'tail 100']);
    expect(feed.getState().run?.seq).toBe(4);
    expect(seqs(feed)).toEqual([1, 2, 3, 4]);
    expect(feed.getState().connection.lastResumeRecovered).toBe(false);
  });

  it('retries a gap fill that hit a 503 with backoff', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection, clock } = await start(server);
    server.add(log(2), log(3));
    server.failEventsWith = 503;
    connection.push(ev(log(3)));
    await settle();
    expect(seqs(feed)).toEqual([1]);
    await clock.advance(1_000);
    expect(seqs(feed)).toEqual([1, 2, 3]);
  });

  it('gives a time-limited retry policy the real time a failing catch-up has taken, so it can stop it', async () => {
    // A backend whose REST reads fail for good (503): the first load never succeeds.
    const down: RunReader = {
      snapshot: () => Promise.reject(new TransportError({ kind: 'status', status: 503, message: 'HTTP 503' })),
      events: () => Promise.reject(new Error('not reached')),
      logTail: () => Promise.reject(new Error('not reached')),
    };
    const asked: RetryContext[] = [];
    // Retry every second for at most 5 s, then give up.
    const policy: RetryPolicy = {
      nextRetryDelay: (context) => (asked.push(context), context.elapsedMs >= 5_000 ? null : 1_000),
    };
    const { feed, clock } = await start(down, 100, policy);
    await clock.advance(10_000);
    expect(asked.map((c) => c.elapsedMs)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(feed.getState().connection).toMatchObject({ status: 'stopped', reason: 'HTTP 503', attempt: 6 });
    expect(clock.pending).toBe(0);
  });

  it('counts the elapsed time afresh once a catch-up has succeeded', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const asked: number[] = [];
    const policy: RetryPolicy = { nextRetryDelay: ({ elapsedMs }) => (asked.push(elapsedMs), 1_000) };
    const { feed, connection, clock } = await start(server, 100, policy);
    await clock.advance(60_000);
    server.add(log(2), log(3));
    server.failEventsWith = 503;
    connection.push(ev(log(3)));
    await clock.advance(1_000);
    expect(asked).toEqual([0]);
    expect(seqs(feed)).toEqual([1, 2, 3]);
  });

  it('stops at the terminal status and releases its share of the connection', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection } = await start(server);
    connection.push(ev(log(2)), ev(done(3)));
    expect(feed.getState().run?.status).toBe('succeeded');
    expect(feed.getState().connection.status).toBe('stopped');
    expect(connection.sinks.size).toBe(0);
  });

  it('fetches the tail of a run whose end frame says it went further than the events seen', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection } = await start(server);
    server.add(log(2), done(3));
    connection.push({ type: 'end', run: 'r1', seq: 3, status: 'succeeded' });
    await settle();
    expect(feed.getState().run?.status).toBe('succeeded');
    expect(seqs(feed)).toEqual([1, 2]);
    expect(connection.sinks.size).toBe(0);
  });

  it('never subscribes to a run that had already ended', async () => {
    const server = new ScriptedServer();
    server.add(log(1), done(2));
    const { feed, connection } = await start(server);
    expect(feed.getState().connection.status).toBe('stopped');
    expect(connection.sinks.size).toBe(0);
    expect(seqs(feed)).toEqual([1]);
  });

  it('stops with the problem when the run is unknown or forbidden', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection } = await start(server);
    const problem = { type: 'urn:x:not-found', title: 'Not found', status: 404 };
    connection.push({ type: 'error', run: 'r1', problem });
    expect(feed.getState()).toMatchObject({ problem, connection: { status: 'stopped' } });
    expect(connection.sinks.size).toBe(0);
  });

  it('counts malformed messages and reports their shape instead of throwing', async () => {
    const server = new ScriptedServer();
    const { feed, connection } = await start(server);
    const errors: unknown[] = [];
    feed.onError((e) => errors.push(e));
    connection.malformed({ message: 'not a valid stream frame', shape: { type: 'string(5)' } });
    expect(feed.getState().malformed).toBe(1);
    expect(errors).toEqual([{ message: 'not a valid stream frame', shape: { type: 'string(5)' } }]);
  });

  it('holds the run payloads the connection passes on to the contract, skipping and reporting broken ones', async () => {
    const server = new ScriptedServer();
    const { feed, connection } = await start(server);
    const errors: unknown[] = [];
    feed.onError((e) => errors.push(e));
    const before = feed.getState().run;
    // Envelopes fine (the connection routes on them), payloads not: the feed must not fold them.
    connection.push(
      { type: 'event', run: 'r1', event: { seq: 99, type: 'telemetry' } } as unknown as ServerFrame,
      { type: 'reset', run: 'r1', reason: 'trimmed', snapshot: { seq: 'no' } } as unknown as ServerFrame,
    );
    expect(feed.getState().malformed).toBe(2);
    expect(errors).toEqual([
      { message: 'not a valid stream frame at event.type', shape: expect.objectContaining({ type: 'string(5)' }) },
      { message: 'not a valid stream frame at snapshot.id', shape: expect.objectContaining({ type: 'string(5)' }) },
    ]);
    expect(feed.getState().run).toBe(before);
  });

  it('mirrors the connection state and marks a resume after reconnecting as recovered', async () => {
    const server = new ScriptedServer();
    const { feed, connection } = await start(server);
    connection.setInfo({ status: 'reconnecting', transport: 'websocket', attempt: 1, nextRetryAt: 5 });
    expect(feed.getState().connection).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: 5 });
    connection.setInfo({ status: 'live', transport: 'websocket', attempt: 0 });
    expect(feed.getState().connection).toMatchObject({ status: 'live', lastResumeRecovered: true });
  });

  it('close() releases the run and stops notifying', async () => {
    const server = new ScriptedServer();
    server.add(log(1));
    const { feed, connection, changes } = await start(server);
    feed.close();
    expect(connection.sinks.size).toBe(0);
    expect(feed.getState().connection.status).toBe('stopped');
    const before = changes.length;
    connection.push(ev(log(2)));
    expect(changes.length).toBe(before);
  });
});
