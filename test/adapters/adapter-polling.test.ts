/**
 * An adapter's polling transport under a fake clock: the URL template and the token, one
 * event per change and a heartbeat for an unchanged answer, a hidden tab's slower pace,
 * and a failed poll ending the attempt with the status for the reconnect machine.
 */
import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../src/contract/index.js';
import { bindAdapter } from '../../src/adapters/index.js';
import { TransportError, type CloseReason, type TransportInit } from '../../src/transports/index.js';
import { restPhaseAdapter } from '../../examples/adapters/rest-phase.js';
import { FakeClock, FakeEnvironment } from '../support/fake-clock.js';

function setup() {
  const clock = new FakeClock();
  const environment = new FakeEnvironment();
  const requests: Array<{ url: string; at: number; auth: string | undefined }> = [];
  let job: unknown = { status: 'in_progress', last_phase: 'fetch_data', progress_pct: 10, error_message: null };
  let status = 200;
  const fetch = async (url: string, init?: RequestInit) => {
    requests.push({ url, at: clock.now(), auth: (init?.headers as Record<string, string>).authorization });
    return Response.json(job, { status });
  };
  const bound = bindAdapter(restPhaseAdapter, { baseUrl: 'http://ops/api', fetch, clock });
  const got = { opened: 0, frames: [] as ServerFrame[], closed: [] as CloseReason[] };
  const init: TransportInit = {
    baseUrl: 'http://ops/api',
    token: 'secret',
    credentials: undefined,
    fetch,
    WebSocket: undefined,
    clock,
    environment,
    callbacks: {
      onOpen: () => void (got.opened += 1),
      onFrames: (frames) => void got.frames.push(...frames),
      onMalformed: () => {},
      onClose: (reason) => void got.closed.push(reason),
    },
  };
  const transport = bound.transports[0]!.create(init);
  transport.open(() => new Map([['job 7', 0]]));
  return {
    clock,
    environment,
    requests,
    got,
    setJob: (j: unknown) => (job = j),
    setStatus: (s: number) => (status = s),
  };
}

describe('an adapter polling transport', () => {
  it('polls the URL template with the token in a header and turns changes into numbered events', async () => {
    const { clock, requests, got, setJob } = setup();
    await clock.advance(0);
    expect(requests[0]).toMatchObject({ url: 'http://ops/api/jobs/job%207', auth: 'Bearer secret' });
    expect(got.opened).toBe(1);
    await clock.advance(500);
    setJob({ status: 'in_progress', last_phase: 'score', progress_pct: 40, error_message: null });
    await clock.advance(500);
    const kinds = got.frames.map((f) => (f.type === 'event' ? `${f.event.seq}:${f.event.type}` : f.type));
    expect(kinds).toEqual(['1:status', '2:progress', 'heartbeat', '3:progress']);
  });

  it('polls every 30 s while hidden and at once when shown again', async () => {
    const { clock, environment, requests } = setup();
    await clock.advance(0);
    environment.setHidden(true);
    await clock.advance(500);
    const before = requests.length;
    await clock.advance(29_000);
    expect(requests.length).toBe(before);
    environment.setHidden(false);
    await clock.advance(0);
    expect(requests.length).toBe(before + 1);
  });

  it('ends the attempt with the status of a failed poll', async () => {
    const { clock, got, setStatus } = setup();
    await clock.advance(0);
    setStatus(503);
    await clock.advance(500);
    expect(got.closed).toMatchObject([{ kind: 'status', status: 503 }]);
  });

  it("reports a failing token getter on the adapter's snapshot read as a token close, without a request", async () => {
    let requests = 0;
    const bound = bindAdapter(restPhaseAdapter, {
      baseUrl: 'http://ops/api',
      clock: new FakeClock(),
      fetch: async () => (requests++, Response.json({})),
      getToken: () => Promise.reject(new Error('signed out')),
    });
    const failure = await bound.reader.snapshot('job 7').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).reason).toEqual({
      kind: 'token',
      message: 'getToken failed: Error: signed out',
    });
    expect(requests).toBe(0);
  });
});
