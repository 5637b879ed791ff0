/**
 * Adapters load on demand: the client still refuses a misconfigured adapter at once, an
 * attempt closed while the adapter code loads never opens, and a loaded adapter's
 * transport and reader work as the bound adapter's do.
 */
import { describe, expect, it } from 'vitest';
import { createRunClient } from '../../src/feed/index.js';
import { lazyAdapter } from '../../src/feed/lazy-adapter.js';
import type { CloseReason, TransportInit } from '../../src/transports/index.js';
import { restPhaseAdapter } from '../../examples/adapters/rest-phase.js';
import { FakeClock, FakeEnvironment } from '../support/fake-clock.js';

function setup() {
  const clock = new FakeClock();
  const requests: string[] = [];
  const fetch = async (url: string) => {
    requests.push(url);
    return Response.json({ status: 'in_progress', last_phase: 'fetch_data', progress_pct: 10, error_message: null });
  };
  const bound = lazyAdapter(restPhaseAdapter, { baseUrl: 'http://ops/api', fetch, clock });
  const got = { opened: 0, closed: [] as CloseReason[] };
  const init: TransportInit = {
    baseUrl: 'http://ops/api',
    token: undefined,
    credentials: undefined,
    fetch,
    WebSocket: undefined,
    clock,
    environment: new FakeEnvironment(),
    callbacks: {
      onOpen: () => void (got.opened += 1),
      onFrames: () => {},
      onMalformed: () => {},
      onClose: (reason) => void got.closed.push(reason),
    },
  };
  return { clock, requests, bound, got, init };
}

const loaded = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('an adapter loaded on demand', () => {
  it('is refused at once when it gives no endpoint, or lists one it does not give', () => {
    expect(() => createRunClient({ adapter: {} })).toThrow(/adapter gives no endpoint/);
    expect(() =>
      createRunClient({ adapter: { snapshot: { url: '/r', map: () => undefined }, transports: ['sse'] } }),
    ).toThrow(/lists transport sse but gives no endpoint/);
  });

  it('offers the transports its endpoints allow, before its code has loaded', () => {
    expect(setup().bound.transports.map((t) => t.kind)).toEqual(['polling']);
  });

  it('never opens an attempt that was closed while its code loaded', async () => {
    const { clock, requests, bound, got, init } = setup();
    const transport = bound.transports[0]!.create(init);
    transport.open(() => new Map([['job-1', 0]]));
    transport.close();
    await loaded();
    await clock.advance(5_000);
    expect(requests).toEqual([]);
    expect(got).toEqual({ opened: 0, closed: [] });
  });

  it('polls and reads through the adapter once loaded', async () => {
    const { clock, requests, bound, got, init } = setup();
    bound.transports[0]!.create(init).open(() => new Map([['job-1', 0]]));
    await loaded();
    await clock.advance(0);
    expect(got.opened).toBe(1);
    const snapshot = await bound.reader.snapshot('job-1');
    expect(snapshot).toMatchObject({ id: 'job-1', status: 'running', phase: 'fetch_data' });
    expect(requests.every((url) => url === 'http://ops/api/jobs/job-1')).toBe(true);
  });
});
