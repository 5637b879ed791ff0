import './node-globals.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupServer } from 'msw/node';
import {
  ansi,
  cancel,
  chatty,
  failure,
  happyPath,
  hugeLog,
  HUGE_LOG_LINES,
  type MockScenario,
} from '../../mocks/index.js';
import type { RunFeed } from '../../src/feed/index.js';
import { until } from '../support/feed-helpers.js';
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

const SPEED = 40;
let server: SetupServer | undefined;
let feed: RunFeed | undefined;

afterEach(() => {
  feed?.close();
  server?.close();
  feed = server = undefined;
});

const ended = (f: RunFeed) =>
  until(
    f,
    (s) =>
      s.run !== undefined &&
      ['succeeded', 'failed', 'cancelled'].includes(s.run.status) &&
      s.connection.status === 'stopped',
    10_000,
  );

describe.each(Object.keys(TRANSPORTS) as TransportName[])('watchRun over %s against the mocks', (transport) => {
  it.each([happyPath, failure, cancel, chatty, ansi].map((s) => [s.id, s] as [string, MockScenario]))(
    'follows %s to its scripted end state, every log line once',
    async (_id, scenario) => {
      const base = freshBase();
      server = serve(base, [scenario], SPEED);
      feed = follow(base, scenario.id, [TRANSPORTS[transport]()]);
      const state = await ended(feed);

      expect(timeless(state.run)).toEqual(timeless(finalSnapshot(scenario)));
      expect(state.logs.slice().map((line) => line.seq)).toEqual(logSeqs(scenario));
      expect(state.problem).toBeUndefined();
    },
  );
});

describe('the 100 000-line log', () => {
  it.each(['websocket', 'sse'] as TransportName[])('arrives whole over %s', async (transport) => {
    const base = freshBase();
    server = serve(base, [hugeLog], 5);
    feed = follow(base, hugeLog.id, [TRANSPORTS[transport]()]);
    const state = await ended(feed);
    expect(state.run?.status).toBe('succeeded');
    expect(state.logs.size).toBe(HUGE_LOG_LINES);
    expect(state.logs.dropped).toBe(0);
    expect(state.logs.at(HUGE_LOG_LINES - 1)?.text).toMatch(/^100000 replayed event/);
  });
});
