import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../src/contract/index.js';
import {
  sseTransport,
  type CloseReason,
  type MalformedMessage,
  type SseOptions,
  type TransportInit,
} from '../../src/transports/index.js';
import { FakeClock, FakeEnvironment, settle } from '../support/fake-clock.js';

const event = (seq: number): ServerFrame => ({
  type: 'event',
  run: 'r1',
  event: { seq, type: 'log', time: '2026-11-25T05:00:00.000Z', text: `line ${seq}` },
});
const message = (frame: unknown) => `data: ${JSON.stringify(frame)}\n\n`;

/** A `fetch` answering each request with a stream the test writes to. */
function streamingFetch() {
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const streams: Array<ReadableStreamDefaultController<Uint8Array>> = [];
  const cancelled: number[] = [];
  let status = 200;
  let headers: Record<string, string> = { 'content-type': 'text/event-stream' };
  const fetch = async (url: string, init?: RequestInit) => {
    requests.push({ url, headers: init?.headers as Record<string, string> });
    if (status !== 200 || !headers['content-type']?.includes('event-stream')) {
      return new Response(JSON.stringify({ type: 'urn:x', title: 'No', status }), { status, headers });
    }
    const index = streams.length;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => void streams.push(c),
      cancel: () => void cancelled.push(index),
    });
    init?.signal?.addEventListener('abort', () => {
      try {
        streams.at(-1)?.error(new DOMException('aborted', 'AbortError'));
      } catch {
        // already closed
      }
    });
    return new Response(body, { status, headers });
  };
  const encoder = new TextEncoder();
  return {
    fetch,
    requests,
    cancelled,
    write: (text: string, i = streams.length - 1) => streams[i]!.enqueue(encoder.encode(text)),
    end: (i = streams.length - 1) => streams[i]!.close(),
    answer: (s: number, h: Record<string, string> = {}) => ((status = s), (headers = h)),
  };
}

function setup(before?: (net: ReturnType<typeof streamingFetch>) => void, options?: SseOptions) {
  const clock = new FakeClock();
  const net = streamingFetch();
  before?.(net);
  const got = {
    opened: [] as unknown[],
    batches: [] as ServerFrame[][],
    closed: [] as CloseReason[],
    malformed: [] as MalformedMessage[],
  };
  const init: TransportInit = {
    baseUrl: 'http://backend/api',
    token: 'secret',
    credentials: undefined,
    fetch: net.fetch,
    WebSocket: undefined,
    clock,
    environment: new FakeEnvironment(),
    callbacks: {
      onOpen: (info) => void got.opened.push(info),
      onFrames: (f) => void got.batches.push(f),
      onMalformed: (e) => void got.malformed.push(e),
      onClose: (r) => void got.closed.push(r),
    },
  };
  const runs = new Map([['r1', 5]]);
  const transport = sseTransport(options).create(init);
  transport.open(() => runs);
  return { clock, net, got, transport, runs };
}

describe('SSE transport (multi-run stream over fetch)', () => {
  it('opens GET /stream?runs= with the token in a header and opens on the ready frame', async () => {
    const { net, got } = setup();
    await settle();
    expect(net.requests[0]!.url).toBe('http://backend/api/stream?runs=r1:5');
    expect(net.requests[0]!.headers).toMatchObject({ authorization: 'Bearer secret', accept: 'text/event-stream' });
    expect(got.opened).toEqual([]);
    net.write(message({ type: 'ready', heartbeatMs: 15_000 }));
    await settle();
    expect(got.opened).toEqual([{ heartbeatMs: 15_000 }]);
  });

  it('hands over all frames of one network chunk as one batch, and joins events split across chunks', async () => {
    const { net, got } = setup();
    await settle();
    net.write(
      message({ type: 'ready', heartbeatMs: 15_000 }) + message(event(6)) + message(event(7)) + message(event(8)),
    );
    await settle();
    expect(got.batches).toEqual([[event(6), event(7), event(8)]]);
    const split = message(event(9));
    net.write(split.slice(0, 20));
    await settle();
    net.write(split.slice(20));
    await settle();
    expect(got.batches.flat()).toEqual([event(6), event(7), event(8), event(9)]);
  });

  it('skips malformed messages, reporting their shape, and keeps going', async () => {
    const { net, got } = setup();
    await settle();
    net.write(
      message({ type: 'ready', heartbeatMs: 15_000 }) +
        'data: {not json\n\n' +
        message({ type: 'event', run: 'r1', event: { seq: 'one' } }) +
        message(event(6)),
    );
    await settle();
    expect(got.malformed).toHaveLength(2);
    expect(got.malformed[0]).toEqual({ message: 'message is not JSON', shape: 'string(9)' });
    expect(got.malformed[1]).toEqual({
      message: 'not a valid stream frame at event.seq',
      shape: { type: 'string(5)', run: 'string(2)', event: { seq: 'string(3)' } },
    });
    expect(got.batches.flat()).toEqual([event(6)]);
    expect(got.closed).toEqual([]);
  });

  it('reports a clean end with the server’s retry: hint', async () => {
    const { net, got } = setup();
    await settle();
    net.write('retry: 3000\n\n' + message({ type: 'ready', heartbeatMs: 15_000 }));
    net.end();
    await settle();
    expect(got.closed).toEqual([{ kind: 'ended', message: 'stream ended', retryAfterMs: 3_000 }]);
  });

  it('reports an error status before the stream with its problem and Retry-After', async () => {
    const { net, got } = setup((n) =>
      n.answer(503, { 'content-type': 'application/problem+json', 'retry-after': '2' }),
    );
    await settle();
    expect(got.closed).toEqual([
      {
        kind: 'status',
        status: 503,
        retryAfterMs: 2_000,
        problem: { type: 'urn:x', title: 'No', status: 503 },
        message: 'HTTP 503: No',
      },
    ]);
    expect(net.requests).toHaveLength(1);
  });

  it('refuses a 200 that is not an event stream (a proxy’s login page) as a protocol error', async () => {
    const { got } = setup((n) => n.answer(200, { 'content-type': 'text/html' }));
    await settle();
    expect(got.closed).toEqual([{ kind: 'protocol', message: 'not an event stream' }]);
  });

  it('re-opens once, debounced, when the set of runs changes, with every cursor', async () => {
    const { clock, net, got, transport, runs } = setup();
    await settle();
    net.write(message({ type: 'ready', heartbeatMs: 15_000 }));
    await settle();
    runs.set('r2', 0);
    transport.update();
    runs.set('r3', 9);
    transport.update();
    await clock.advance(50);
    expect(net.requests.map((r) => r.url)).toEqual([
      'http://backend/api/stream?runs=r1:5',
      'http://backend/api/stream?runs=r1:5,r2:0,r3:9',
    ]);
    net.write(message({ type: 'ready', heartbeatMs: 15_000 }) + message(event(6)));
    await settle();
    expect(got.opened).toHaveLength(1);
    expect(got.batches.flat()).toEqual([event(6)]);
    expect(got.closed).toEqual([]);
  });

  it('cuts a stream whose one event outgrows maxEventSize, reading at most a chunk past it', async () => {
    const { net, got } = setup(undefined, { maxEventSize: 64 * 1024 });
    await settle();
    net.write(message({ type: 'ready', heartbeatMs: 15_000 }) + message(event(6)));
    await settle();
    // A server (or a proxy) that starts an event and never ends it.
    net.write('data: "');
    let written = 0;
    while (got.closed.length === 0 && written < 1024 * 1024) {
      net.write('x'.repeat(4096));
      written += 4096;
      await settle();
    }
    expect(got.closed).toEqual([{ kind: 'protocol', message: 'event too large' }]);
    expect(written).toBeLessThanOrEqual(64 * 1024 + 4096);
    expect(net.cancelled).toEqual([0]);
    expect(got.batches.flat()).toEqual([event(6)]);
  });

  it('bounds each event, not the stream: many events add up past maxEventSize', async () => {
    const { net, got } = setup(undefined, { maxEventSize: 1024 });
    await settle();
    net.write(message({ type: 'ready', heartbeatMs: 15_000 }));
    for (let seq = 6; seq < 106; seq++) {
      net.write(message(event(seq)));
      await settle();
    }
    expect(got.batches.flat()).toHaveLength(100);
    expect(got.closed).toEqual([]);
  });

  it('joins a long event split in many chunks, with CRLF line ends split between chunks', async () => {
    const { net, got } = setup();
    await settle();
    const long: ServerFrame = {
      type: 'event',
      run: 'r1',
      event: { seq: 6, type: 'log', time: '2026-11-25T05:00:00.000Z', text: 'y'.repeat(100_000) },
    };
    const text = `data: ${JSON.stringify({ type: 'ready', heartbeatMs: 15_000 })}\r\n\r\ndata: ${JSON.stringify(long)}\r`;
    for (let at = 0; at < text.length; at += 997) {
      net.write(text.slice(at, at + 997));
      await settle();
    }
    net.write('\n\r');
    await settle();
    net.write('\n' + message(event(7)).replaceAll('\n', '\r') + message(event(8)));
    await settle();
    expect(got.batches.flat()).toEqual([long, event(7), event(8)]);
    expect(got.malformed).toEqual([]);
  });
});
