import './node-globals.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupServer } from 'msw/node';
import { FRESH_TOKEN, networkFlaps, outage, pollingOnly, stall, unauthorizedThenRecovery } from '../../mocks/index.js';
import type { RunFeed, RunFeedState } from '../../src/feed/index.js';
import { defaultTransports } from '../../src/feed/index.js';
import type { TokenGetter } from '../../src/transports/index.js';
import { record, sleep, until } from '../support/feed-helpers.js';
import {
  finalSnapshot,
  follow,
  freshBase,
  logSeqs,
  serve,
  timeless,
  TRANSPORTS,
  type TransportName,
} from './support.js';

let server: SetupServer | undefined;
let feed: RunFeed | undefined;

afterEach(() => {
  feed?.close();
  server?.close();
  feed = server = undefined;
});

const succeeded = (f: RunFeed) =>
  until(f, (s) => s.run?.status === 'succeeded' && s.connection.status === 'stopped', 10_000);
const ALL = Object.keys(TRANSPORTS) as TransportName[];

describe('network flaps', () => {
  it.each(ALL)(
    'over %s: streams are cut, the feed resumes from its cursor, nothing lost or doubled',
    async (transport) => {
      const base = freshBase();
      server = serve(base, [networkFlaps], 20);
      feed = follow(base, networkFlaps.id, [TRANSPORTS[transport]()]);
      const { states } = record(feed);
      const state = await succeeded(feed);

      const reconnects = states.filter((s) => s.connection.status === 'reconnecting').length;
      expect(reconnects).toBeGreaterThan(0);
      expect(timeless(state.run)).toEqual(timeless(finalSnapshot(networkFlaps)));
      expect(state.logs.slice().map((line) => line.seq)).toEqual(logSeqs(networkFlaps));
    },
  );
});

describe('a server that only allows polling', () => {
  it('refuses WebSocket and SSE, and the default ladder falls back to polling', async () => {
    const base = freshBase();
    server = serve(base, [pollingOnly], 40);
    const transports = defaultTransports().map((t) => (t.kind === 'polling' ? TRANSPORTS.polling() : t));
    feed = follow(base, pollingOnly.id, transports);
    const { states } = record(feed);
    const state = await succeeded(feed);

    const live = states.filter((s) => s.connection.status === 'live').map((s) => s.connection.transport);
    expect(new Set(live)).toEqual(new Set(['polling']));
    expect(state.logs.slice().map((line) => line.seq)).toEqual(logSeqs(pollingOnly));
  });
});

describe('401, then recovery', () => {
  /** A page's token getter: a stale token until asked to refresh. */
  function tokenGetter(): TokenGetter & { refreshes: number } {
    let token = 'stale-token';
    const getter = Object.assign(
      ({ refresh }: { refresh: boolean }) => {
        if (refresh) {
          getter.refreshes += 1;
          token = FRESH_TOKEN;
        }
        return token;
      },
      { refreshes: 0 },
    );
    return getter;
  }

  it.each(ALL)('over %s: the first requests get 401, the refreshed token follows the run', async (transport) => {
    const base = freshBase();
    server = serve(base, [unauthorizedThenRecovery], 40);
    const getToken = tokenGetter();
    feed = follow(base, unauthorizedThenRecovery.id, [TRANSPORTS[transport]()], { getToken });
    const state = await succeeded(feed);

    expect(getToken.refreshes).toBeGreaterThan(0);
    expect(state.logs.slice().map((line) => line.seq)).toEqual(logSeqs(unauthorizedThenRecovery));
  });

  it('a token the server never accepts ends unauthorized', async () => {
    const base = freshBase();
    server = serve(base, [unauthorizedThenRecovery], 40);
    feed = follow(base, unauthorizedThenRecovery.id, [TRANSPORTS.websocket()], { getToken: () => 'revoked' });
    const state = await until(feed, (s) => s.problem?.status === 401 || s.connection.status === 'unauthorized', 10_000);
    expect(state.run?.status).not.toBe('succeeded');
  });
});

describe('a stalled run', () => {
  it.each(ALL)('over %s: once the script stops, nothing more arrives and the run stays running', async (transport) => {
    const base = freshBase();
    server = serve(base, [stall], 40);
    feed = follow(base, stall.id, [TRANSPORTS[transport]()]);
    const reached = await until(
      feed,
      (s) => s.run?.seq === stall.timeline.length && s.connection.status === 'live',
      10_000,
    );
    const lastHeard = reached.lastEventAt;
    // Longer than the default heartbeat at this speed (15 s / 40): a heartbeat would show here.
    await sleep(500);
    const later = feed.getState();
    expect(later.lastEventAt).toBe(lastHeard);
    expect(later.run?.status).toBe('running');
    expect(later.connection.status).toBe('live');
  });
});

describe('an outage', () => {
  it('after the server goes down the feed keeps reconnecting and the run does not end', async () => {
    const base = freshBase();
    server = serve(base, [outage], 40);
    feed = follow(base, outage.id, [TRANSPORTS.websocket()], { retryPolicy: { nextRetryDelay: () => 50 } });
    const state: RunFeedState = await until(
      feed,
      (s) => s.connection.status === 'reconnecting' && s.connection.attempt >= 3,
      10_000,
    );
    expect(state.run?.status).toBe('running');
    expect(state.logs.size).toBeGreaterThan(0);
  });
});
