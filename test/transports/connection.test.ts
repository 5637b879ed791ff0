import { describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../../src/contract/index.js';
import { Connection } from '../../src/transports/connection.js';
import type { RetryPolicy } from '../../src/transports/backoff.js';
import type { CloseReason } from '../../src/transports/close-reason.js';
import type { ConnectionInfo, TransportKind } from '../../src/transports/kinds.js';
import { mapLadderMemory } from '../../src/transports/ladder.js';
import { FakeClock, FakeEnvironment, settle } from '../support/fake-clock.js';
import { scriptedTransports } from '../support/scripted-transport.js';

function setup(
  kinds: TransportKind[] = ['websocket'],
  extra: Partial<ConstructorParameters<typeof Connection>[0]> = {},
) {
  const clock = new FakeClock();
  const environment = new FakeEnvironment();
  const net = scriptedTransports(kinds);
  const getToken = vi.fn(async ({ refresh }: { refresh: boolean }) => (refresh ? 'fresh' : 'stale'));
  const connection = new Connection({
    baseUrl: 'http://backend/api',
    transports: net.factories,
    clock,
    environment,
    getToken,
    memory: mapLadderMemory(),
    ...extra,
  });
  const infos: ConnectionInfo[] = [];
  connection.onInfo((info) => infos.push(info));
  const received: ServerFrame[][] = [];
  let cursor = 0;
  const release = connection.subscribe('run-a', { after: () => cursor, onFrames: (f) => received.push(f) });
  return {
    clock,
    environment,
    net,
    connection,
    infos,
    received,
    release,
    getToken,
    setCursor: (n: number) => (cursor = n),
  };
}

const event = (run: string, seq: number): ServerFrame => ({
  type: 'event',
  run,
  event: { seq, type: 'log', time: '2026-11-25T05:00:00.000Z', text: `line ${seq}` },
});

describe('Connection: the reconnect state machine', () => {
  it('connects on the first subscription with a token from the getter and goes live', async () => {
    const { net, connection, getToken } = setup();
    await settle();
    expect(getToken).toHaveBeenCalledWith({ refresh: false });
    expect(net.attempts).toHaveLength(1);
    expect(net.last.init.token).toBe('stale');
    expect(connection.getInfo()).toMatchObject({ status: 'connecting', transport: 'websocket' });
    expect([...net.last.subscriptions()]).toEqual([['run-a', 0]]);
    net.last.opened(15_000);
    expect(connection.getInfo()).toEqual({ status: 'live', transport: 'websocket', attempt: 0 });
  });

  it('backs off with growing full-jitter delays, unlimited, and resets after a stable period', async () => {
    const { clock, net, connection } = setup();
    await settle();
    net.last.opened();
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      net.last.fail();
      const info = connection.getInfo();
      expect(info.status).toBe('reconnecting');
      expect(info.attempt).toBe(i + 1);
      delays.push(info.nextRetryAt! - clock.now());
      await clock.advance(info.nextRetryAt! - clock.now());
      expect(net.attempts).toHaveLength(i + 2);
    }
    // random = 0.5: half of each ceiling 0.5 s, 1 s, 2 s … capped at 30 s.
    expect(delays.slice(0, 7)).toEqual([250, 500, 1000, 2000, 4000, 8000, 15000]);
    expect(delays.slice(7)).toEqual([15000, 15000, 15000, 15000, 15000]);
    net.last.opened();
    await clock.advance(10_000);
    net.last.fail();
    expect(connection.getInfo()).toMatchObject({ attempt: 1, nextRetryAt: clock.now() + 250 });
  });

  it('does not reset the attempt count for a connection that drops before it was stable', async () => {
    const { clock, net, connection } = setup();
    await settle();
    net.last.fail();
    await clock.advance(250);
    net.last.opened();
    await clock.advance(1_000);
    net.last.fail();
    expect(connection.getInfo().attempt).toBe(2);
  });

  it('honours Retry-After from a 503 and SSE retry hints as a floor', async () => {
    const { clock, net, connection } = setup();
    await settle();
    net.last.opened();
    net.last.fail({ kind: 'status', status: 503, retryAfterMs: 7_000 });
    expect(connection.getInfo().nextRetryAt! - clock.now()).toBeGreaterThanOrEqual(7_000);
    await clock.advance(6_999);
    expect(net.attempts).toHaveLength(1);
  });

  it('on 401 asks the getter for a fresh token once and retries at once; a second 401 stops as unauthorized', async () => {
    const { clock, net, connection, getToken } = setup();
    await settle();
    net.last.fail({ kind: 'status', status: 401 });
    await settle();
    expect(getToken).toHaveBeenLastCalledWith({ refresh: true });
    expect(net.attempts).toHaveLength(2);
    expect(net.last.init.token).toBe('fresh');
    net.last.fail({ kind: 'status', status: 401 });
    expect(connection.getInfo().status).toBe('unauthorized');
    await clock.advance(120_000);
    expect(net.attempts).toHaveLength(2);
  });

  it('backs off a failing token getter through the retry policy as a token close, on the same transport', async () => {
    let down = true;
    const getToken = vi.fn(async () => {
      if (down) throw new Error('token service unavailable');
      return 'tok';
    });
    const seen: CloseReason[] = [];
    const retryPolicy: RetryPolicy = { nextRetryDelay: ({ reason }) => (seen.push(reason), 1_000) };
    const { clock, net, connection } = setup(['websocket', 'sse'], { getToken, retryPolicy });
    await settle();
    // The server was never asked, so no transport was created and the ladder did not move.
    expect(net.attempts).toHaveLength(0);
    expect(seen).toEqual([{ kind: 'token', message: 'getToken failed: Error: token service unavailable' }]);
    expect(connection.getInfo()).toMatchObject({
      status: 'reconnecting',
      transport: 'websocket',
      attempt: 1,
      reason: 'getToken failed: Error: token service unavailable',
      nextRetryAt: clock.now() + 1_000,
    });
    await clock.advance(1_000);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(net.attempts).toHaveLength(0);
    down = false;
    await clock.advance(1_000);
    expect(net.attempts).toHaveLength(1);
    expect(net.last).toMatchObject({ kind: 'websocket', init: { token: 'tok' } });
  });

  it('stops for good when the retry policy gives up on a failing token getter', async () => {
    const getToken = vi.fn(async () => Promise.reject(new Error('signed out')));
    const retryPolicy: RetryPolicy = {
      nextRetryDelay: ({ reason, attempt }) => (reason.kind === 'token' && attempt >= 3 ? null : 500),
    };
    const { clock, net, connection } = setup(['websocket'], { getToken, retryPolicy });
    await clock.advance(10_000);
    expect(getToken).toHaveBeenCalledTimes(3);
    expect(net.attempts).toHaveLength(0);
    expect(connection.getInfo()).toMatchObject({ status: 'stopped', reason: 'getToken failed: Error: signed out' });
  });

  it('allows one refresh per successful connection (a token that expires hours later refreshes again)', async () => {
    const { net, connection } = setup();
    await settle();
    net.last.fail({ kind: 'status', status: 401 });
    await settle();
    net.last.opened();
    net.last.fail({ kind: 'status', status: 401 });
    await settle();
    expect(net.attempts).toHaveLength(3);
    expect(connection.getInfo().status).not.toBe('unauthorized');
  });

  it.each([403, 404, 410])('stops for good on %i, keeping the problem', async (status) => {
    const { clock, net, connection } = setup();
    await settle();
    net.last.opened();
    const problem = { type: 'about:blank', title: 'no', status };
    net.last.fail({ kind: 'status', status, problem });
    expect(connection.getInfo().status).toBe('stopped');
    expect(connection.problem).toEqual(problem);
    await clock.advance(300_000);
    expect(net.attempts).toHaveLength(1);
  });

  it('ignores callbacks from a superseded attempt', async () => {
    const { clock, net, connection, received } = setup();
    await settle();
    const first = net.last;
    first.opened();
    first.fail();
    await clock.advance(250);
    const second = net.last;
    expect(second).not.toBe(first);
    first.frames(event('run-a', 1));
    first.fail({ kind: 'status', status: 404 });
    first.opened();
    expect(received).toEqual([]);
    expect(connection.getInfo().status).toBe('reconnecting');
    second.opened();
    second.frames(event('run-a', 1));
    expect(received).toHaveLength(1);
  });

  it('close() is final: closes the transport, cancels the retry, ignores later subscriptions', async () => {
    const { clock, net, connection } = setup();
    await settle();
    net.last.opened();
    net.last.fail();
    connection.close();
    expect(connection.getInfo().status).toBe('stopped');
    await clock.advance(60_000);
    expect(net.attempts).toHaveLength(1);
    connection.subscribe('run-b', { after: () => 0, onFrames: () => {} })();
    await settle();
    expect(net.attempts).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('routes frames to the run they belong to and heartbeats to every run they name', async () => {
    const { net, connection, received } = setup();
    const other: ServerFrame[][] = [];
    connection.subscribe('run-b', { after: () => 7, onFrames: (f) => other.push(f) });
    await settle();
    net.last.opened();
    expect(net.last.updates).toBe(0);
    expect([...net.last.subscriptions()]).toEqual([
      ['run-a', 0],
      ['run-b', 7],
    ]);
    const hb: ServerFrame = { type: 'heartbeat', time: '2026-11-25T05:00:00.000Z', runs: { 'run-a': 3, 'run-b': 9 } };
    net.last.frames(event('run-a', 1), event('run-b', 8), event('run-a', 2), hb);
    expect(received).toEqual([[event('run-a', 1), event('run-a', 2), hb]]);
    expect(other).toEqual([[event('run-b', 8), hb]]);
  });

  it('tells the transport when runs come and go, and disconnects when the last one leaves', async () => {
    const { net, connection, release } = setup();
    await settle();
    net.last.opened();
    const off = connection.subscribe('run-b', { after: () => 0, onFrames: () => {} });
    expect(net.last.updates).toBe(1);
    off();
    expect(net.last.updates).toBe(2);
    release();
    expect(net.last.closed).toBe(true);
    expect(connection.getInfo().status).toBe('idle');
  });
});

describe('Connection: liveness', () => {
  it('treats a connection silent past heartbeat × 1.5 + 2 s as dead and reconnects', async () => {
    const { clock, net, connection } = setup();
    await settle();
    net.last.opened(1_000);
    await clock.advance(3_000);
    net.last.frames();
    await clock.advance(3_000);
    expect(connection.getInfo().status).toBe('live');
    await clock.advance(600);
    expect(net.attempts[0]!.closed).toBe(true);
    expect(connection.getInfo()).toMatchObject({ status: 'reconnecting', reason: expect.stringMatching(/heartbeat/) });
  });

  it('in a background tab whose timers are throttled, notices the passed deadline on visibilitychange', async () => {
    const { clock, environment, net, connection } = setup();
    await settle();
    net.last.opened(15_000);
    environment.setHidden(true);
    clock.throttle();
    await clock.advance(10 * 60_000);
    // The timer never fired: the connection still looks live until the page looks.
    expect(connection.getInfo().status).toBe('live');
    environment.setHidden(false);
    expect(net.attempts[0]!.closed).toBe(true);
    expect(connection.getInfo().status).toBe('reconnecting');
  });

  it('runs a retry whose timer was throttled as soon as the page shows again', async () => {
    const { clock, environment, net, connection } = setup();
    await settle();
    net.last.opened();
    net.last.fail();
    clock.throttle();
    await clock.advance(5_000);
    expect(net.attempts).toHaveLength(1);
    environment.emit('pageshow');
    await settle();
    expect(net.attempts).toHaveLength(2);
    expect(connection.getInfo().status).toBe('reconnecting');
  });

  it('stays connected while hidden (no disconnect just for being in the background)', async () => {
    const { clock, environment, net, connection } = setup();
    await settle();
    net.last.opened(1_000);
    environment.setHidden(true);
    for (let i = 0; i < 10; i++) {
      await clock.advance(1_000);
      net.last.frames({ type: 'heartbeat', time: '2026-11-25T05:00:00.000Z' });
    }
    expect(connection.getInfo().status).toBe('live');
    expect(net.attempts).toHaveLength(1);
  });

  it('does not stretch a reconnect wait when the wall clock is set back (NTP, a user changing the time)', async () => {
    const clock = new (class extends FakeClock {
      /** The wall clock's offset from the timers' time. */
      offset = 0;
      override now(): number {
        return this.time + this.offset;
      }
    })();
    const { net, connection } = setup(['websocket'], { clock });
    await settle();
    net.last.opened();
    net.last.fail();
    const delay = connection.getInfo().nextRetryAt! - clock.now();
    expect(delay).toBeGreaterThan(0);
    clock.offset = -19 * 60_000;
    await clock.advance(delay);
    expect(net.attempts).toHaveLength(2);
    // Heartbeat liveness keeps waiting for a deadline pushed out by what was heard.
    net.last.opened(10_000);
    await clock.advance(15_000);
    net.last.frames({ type: 'heartbeat', time: '2026-11-25T05:00:00.000Z' });
    await clock.advance(10_000);
    expect(connection.getInfo().status).toBe('live');
    await clock.advance(7_000);
    expect(connection.getInfo()).toMatchObject({ status: 'reconnecting', reason: 'no heartbeat' });
  });

  it('waits while offline and reconnects at once on online', async () => {
    const { clock, environment, net, connection } = setup();
    await settle();
    net.last.opened();
    net.last.fail();
    environment.setOnline(false);
    expect(connection.getInfo().status).toBe('offline');
    await clock.advance(120_000);
    expect(net.attempts).toHaveLength(1);
    environment.setOnline(true);
    await settle();
    expect(net.attempts).toHaveLength(2);
  });

  it('abandons an attempt that never opens', async () => {
    const { clock, net, connection } = setup(['websocket'], { openTimeoutMs: 5_000 });
    await settle();
    await clock.advance(5_000);
    expect(net.attempts[0]!.closed).toBe(true);
    expect(connection.getInfo().reason).toMatch(/did not open/);
  });
});

describe('Connection: the ladder', () => {
  it('falls to the next transport at once when one fails before ever opening, and remembers what worked', async () => {
    const memory = mapLadderMemory();
    const { net, connection } = setup(['websocket', 'sse', 'polling'], { memory });
    await settle();
    net.last.fail({ message: 'upgrade refused' });
    await settle();
    expect(net.last.kind).toBe('sse');
    net.last.fail({ kind: 'status', status: 404 });
    await settle();
    expect(net.last.kind).toBe('polling');
    net.last.opened();
    expect(connection.getInfo()).toMatchObject({ status: 'live', transport: 'polling' });
    expect(memory.get('http://backend/api')).toBe('polling');
    // A later outage backs off on polling; it does not walk the ladder again.
    net.last.fail();
    expect(connection.getInfo()).toMatchObject({ status: 'reconnecting', transport: 'polling' });
  });

  it('starts a new connection of the page on the transport that worked', async () => {
    const memory = mapLadderMemory();
    memory.set('http://backend/api', 'sse');
    const { net } = setup(['websocket', 'sse', 'polling'], { memory });
    await settle();
    expect(net.last.kind).toBe('sse');
  });

  it('probes the better transport in the background and switches only once it opened', async () => {
    const { clock, net, connection, received } = setup(['websocket', 'sse'], { upgradeAfterMs: 30_000 });
    await settle();
    net.last.fail();
    await settle();
    const sse = net.last;
    sse.opened();
    await clock.advance(30_000);
    const probe = net.last;
    expect(probe.kind).toBe('websocket');
    expect(sse.closed).toBe(false);
    probe.fail();
    await settle();
    expect(connection.getInfo()).toMatchObject({ status: 'live', transport: 'sse' });
    // Refused again: the next probe waits twice as long.
    await clock.advance(59_000);
    expect(net.attempts).toHaveLength(3);
    await clock.advance(1_000);
    const probe2 = net.last;
    expect(net.attempts).toHaveLength(4);
    probe2.opened(15_000);
    expect(sse.closed).toBe(true);
    expect(connection.getInfo()).toMatchObject({ status: 'live', transport: 'websocket' });
    probe2.frames(event('run-a', 1));
    sse.frames(event('run-a', 99));
    expect(received).toEqual([[event('run-a', 1)]]);
  });

  it('after switching to the probed transport, reconnects when that one drops', async () => {
    const { clock, net, connection } = setup(['websocket', 'sse'], { upgradeAfterMs: 30_000 });
    await settle();
    net.last.fail();
    await settle();
    net.last.opened();
    await clock.advance(30_000);
    const probe = net.last;
    probe.opened(15_000);
    expect(connection.getInfo()).toMatchObject({ status: 'live', transport: 'websocket' });
    probe.fail();
    expect(connection.getInfo()).toMatchObject({ status: 'reconnecting', transport: 'websocket', attempt: 1 });
    await clock.advance(connection.getInfo().nextRetryAt! - clock.now());
    expect(net.last).not.toBe(probe);
    expect(net.last.kind).toBe('websocket');
  });

  it('uses only the forced transport when given one', async () => {
    const { net, connection } = setup(['polling']);
    await settle();
    net.last.fail();
    expect(connection.getInfo()).toMatchObject({ status: 'reconnecting', transport: 'polling' });
  });
});
