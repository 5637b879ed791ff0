import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { restReader, runClientWith, watchRun } from '../../src/feed/index.js';
import {
  pollingTransport,
  sseTransport,
  systemClock,
  TransportError,
  type FetchLike,
} from '../../src/transports/index.js';
import { lines, until } from '../support/feed-helpers.js';
import { RunBackend } from '../support/run-backend.js';

let backend: RunBackend;
beforeAll(async () => {
  backend = await RunBackend.start({ heartbeatMs: 500 });
});
afterAll(() => backend.close());

const streams = () => backend.server.runServer.stats().connections;

describe('watchRun', () => {
  it('shares one connection among the runs of one backend and lets go of it when the last feed closes', async () => {
    for (const id of ['w1', 'w2', 'w3']) await backend.createRun(id);
    // The streams the page opened, each recorded once the server answered it.
    const answered: string[] = [];
    const spy: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).includes('/stream')) answered.push(decodeURIComponent(String(input)));
      return response;
    };
    const feeds = ['w1', 'w2', 'w3'].map((runId) =>
      watchRun({ baseUrl: backend.url, runId, transport: 'sse', fetch: spy }),
    );
    await Promise.all(feeds.map((f) => until(f, (s) => s.connection.status === 'live')));
    // The stream re-opens (debounced) as runs join: wait for the one that carries all three.
    await vi.waitFor(() => expect(answered.at(-1)).toMatch(/runs=(?=.*w1:)(?=.*w2:)(?=.*w3:)/));
    await vi.waitFor(() => expect(streams()).toBe(1));
    await backend.append('w2', lines(1, 2));
    await until(feeds[1]!, (s) => s.logs.size === 2);
    feeds[0]!.close();
    feeds[1]!.close();
    await backend.append('w3', lines(1, 1));
    await until(feeds[2]!, (s) => s.logs.size === 1);
    feeds[2]!.close();
    await vi.waitFor(() => expect(streams()).toBe(0));
    expect(feeds[2]!.getState().connection.status).toBe('stopped');
  });
});

describe('runClientWith', () => {
  it('follows a run over exactly the transports it is given', async () => {
    await backend.createRun('only-polling');
    const client = runClientWith([pollingTransport({ intervalMs: 50 })], {
      baseUrl: backend.url,
      transports: [sseTransport()],
    });
    const feed = client.watch('only-polling');
    await until(feed, (s) => s.connection.status === 'live');
    await backend.append('only-polling', [...lines(1, 2), { type: 'status', status: 'succeeded' }]);
    const end = await until(feed, (s) => s.connection.status === 'stopped');
    expect(end.logs.size).toBe(2);
    expect(end.connection.transport).toBe('polling');
    expect(streams()).toBe(0);
    client.close();
  });
});

describe('restReader', () => {
  it('re-reads an unchanged snapshot with If-None-Match and gets a 304', async () => {
    await backend.createRun('etag');
    await backend.append('etag', lines(1, 3));
    const statuses: number[] = [];
    const reader = restReader({
      baseUrl: backend.url,
      clock: systemClock,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        statuses.push(response.status);
        return response;
      },
    });
    const first = await reader.snapshot('etag');
    const second = await reader.snapshot('etag');
    expect(statuses).toEqual([200, 304]);
    expect(second).toEqual(first);
    await backend.append('etag', lines(4, 1));
    expect((await reader.snapshot('etag')).seq).toBe(4);
    expect(statuses).toEqual([200, 304, 200]);
  });

  it('reports a failing token getter as a token close without sending the request', async () => {
    await backend.createRun('no-token');
    let requests = 0;
    const reader = restReader({
      baseUrl: backend.url,
      clock: systemClock,
      getToken: () => Promise.reject(new Error('signed out')),
      fetch: (url, init) => (requests++, fetch(url, init)),
    });
    const failure = await reader.snapshot('no-token').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).reason).toEqual({
      kind: 'token',
      message: 'getToken failed: Error: signed out',
    });
    expect(requests).toBe(0);
  });
});
