import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../src/contract/index.js';
import {
  pollingTransport,
  type CloseReason,
  type PollingOptions,
  type TransportInit,
} from '../../src/transports/index.js';
import { FakeClock, FakeEnvironment } from '../support/fake-clock.js';

const event = (seq: number): ServerFrame => ({
  type: 'event',
  run: 'r1',
  event: { seq, type: 'log', time: '2026-11-25T05:00:00.000Z', text: 'x' },
});

function setup(options: PollingOptions = {}) {
  const clock = new FakeClock();
  const environment = new FakeEnvironment();
  const requests: Array<{ url: string; at: number; headers: Record<string, string> }> = [];
  let answer: () => Response = () => Response.json({ frames: [] });
  const got = { opened: 0, frames: [] as ServerFrame[][], closed: [] as CloseReason[], malformed: [] as unknown[] };
  const init: TransportInit = {
    baseUrl: 'http://backend/api',
    token: 'secret',
    credentials: 'include',
    fetch: async (url, req) => {
      requests.push({ url, at: clock.now(), headers: req?.headers as Record<string, string> });
      return answer();
    },
    WebSocket: undefined,
    clock,
    environment,
    callbacks: {
      onOpen: () => void (got.opened += 1),
      onFrames: (f) => void got.frames.push(f),
      onMalformed: (e) => void got.malformed.push(e),
      onClose: (r) => void got.closed.push(r),
    },
  };
  const transport = pollingTransport({ intervalMs: 1_000, maxIntervalMs: 5_000, ...options }).create(init);
  let after = 3;
  transport.open(() => new Map([['r1', after]]));
  return {
    clock,
    environment,
    requests,
    got,
    transport,
    setAnswer: (f: () => Response) => (answer = f),
    setAfter: (n: number) => (after = n),
  };
}

const gaps = (requests: Array<{ at: number }>) => requests.slice(1).map((r, i) => r.at - requests[i]!.at);

describe('polling transport', () => {
  it('polls GET /poll?runs= with the cursor and the token in a header, never in the URL', async () => {
    const { clock, requests, got } = setup();
    await clock.advance(0);
    expect(requests[0]!.url).toBe('http://backend/api/poll?runs=r1:3');
    expect(requests[0]!.headers.authorization).toBe('Bearer secret');
    expect(requests[0]!.url).not.toContain('secret');
    expect(got.opened).toBe(1);
  });

  it('backs off by 1.5× while nothing changes, up to the maximum, and snaps back when events come', async () => {
    const { clock, requests, setAnswer, setAfter } = setup();
    await clock.advance(20_000);
    expect(gaps(requests)).toEqual([1_500, 2_250, 3_375, 5_000, 5_000]);
    setAnswer(() => Response.json({ frames: [event(4)] }));
    setAfter(4);
    const before = requests.length;
    await clock.advance(5_000);
    setAnswer(() => Response.json({ frames: [] }));
    await clock.advance(1_000);
    expect(requests.length).toBeGreaterThan(before + 1);
    expect(requests.at(-1)!.url).toContain('r1:4');
    expect(gaps(requests).at(-1)).toBe(1_000);
  });

  it('slows down while the page is hidden and polls at once when it shows again', async () => {
    const { clock, environment, requests } = setup({ hiddenIntervalMs: 30_000 });
    await clock.advance(0);
    environment.setHidden(true);
    await clock.advance(60_000);
    const hiddenPolls = requests.length;
    expect(hiddenPolls).toBeLessThanOrEqual(4);
    environment.setHidden(false);
    await clock.advance(0);
    expect(requests.length).toBe(hiddenPolls + 1);
  });

  it('pauses while hidden when asked to', async () => {
    const { clock, environment, requests } = setup({ hiddenIntervalMs: 'pause' });
    await clock.advance(0);
    environment.setHidden(true);
    await clock.advance(600_000);
    expect(requests.length).toBeLessThanOrEqual(2);
  });

  it('reports an error status with its Retry-After and problem, and stops polling', async () => {
    const { clock, requests, got, setAnswer } = setup();
    await clock.advance(0);
    setAnswer(() =>
      Response.json(
        { type: 'urn:x', title: 'Overloaded', status: 503 },
        { status: 503, headers: { 'retry-after': '7' } },
      ),
    );
    await clock.advance(1_500);
    expect(got.closed).toEqual([
      {
        kind: 'status',
        status: 503,
        retryAfterMs: 7_000,
        problem: { type: 'urn:x', title: 'Overloaded', status: 503 },
        message: 'HTTP 503: Overloaded',
      },
    ]);
    const n = requests.length;
    await clock.advance(60_000);
    expect(requests.length).toBe(n);
  });

  it('skips malformed frames and keeps the good ones of the same answer', async () => {
    const { clock, got, setAnswer } = setup();
    await clock.advance(0);
    setAnswer(() =>
      Response.json({
        frames: [event(4), { type: 'event', run: 'r1', event: { seq: 'five' } }, { type: 'nope' }, event(5)],
      }),
    );
    await clock.advance(1_500);
    expect(got.frames.at(-1)).toEqual([event(4), event(5)]);
    expect(got.malformed).toHaveLength(2);
    expect(got.malformed[0]).toMatchObject({
      message: expect.stringContaining('event'),
      shape: { type: 'string(5)', run: 'string(2)', event: { seq: 'string(4)' } },
    });
  });
});
