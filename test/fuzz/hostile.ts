/**
 * Hostile payloads and a hostile stream server for the fuzz tests. The server sits in
 * front of a real reference backend: REST requests pass through to it, but the streams
 * (`GET /api/stream`, `GET /api/ws`) are served here, with the backend's real events
 * interleaved with garbage frames drawn from a seeded generator.
 *
 * Not in the mix: a well-formed event with a seq far ahead (say 1e300). The contract allows
 * it and the client rightly treats it as a gap, filled over REST; that read may bring the
 * run's end, after which the client stops reading the stream and would not see (nor
 * count) the garbage still queued in it.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RunEvent } from '../../src/contract/index.js';

/** A seeded generator (mulberry32): the seed printed by a test replays its payloads. */
export { seededRandom as prng } from '../../conformance/fold-check/random-sequences.js';

/** One garbage message: its kind (for the report) and its text (a WebSocket text frame or SSE `data:`). */
export interface Garbage {
  kind: string;
  /** The message; for SSE, `raw` lines are written as they are instead of as one `data:` line. */
  text: string;
  raw?: boolean;
  /** The client must count it as malformed (false: a duplicate, or a frame for another run, it may just drop). */
  malformed: boolean;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const HUGE = 2 * 1024 * 1024;

/**
 * A garbage message for `run`, given the events sent so far (`sent`, for duplicates and
 * plausible seqs). None of them is a valid frame the client could take for real.
 */
export function garbage(r: () => number, run: string, sent: readonly RunEvent[], sse: boolean): Garbage {
  const last = sent.at(-1);
  const base = last ?? { seq: 1, type: 'log', time: new Date(0).toISOString(), text: 'x', level: 'info' };
  const kinds: (() => Garbage)[] = [
    () => ({
      kind: 'invalid JSON',
      text: pick(r, ['{"type":"event",', '{', 'nul', '{"a":1}}', "{'type':'event'}", '']),
      malformed: true,
    }),
    () => ({
      kind: 'JSON not an object',
      text: pick(r, ['null', '42', '"event"', '[]', 'true', '[{"type":"event"}]']),
      malformed: true,
    }),
    () => ({
      kind: 'unknown frame type',
      text: JSON.stringify({ type: pick(r, ['bogus', 'EVENT', 'event ', '']), run }),
      malformed: true,
    }),
    () => ({
      kind: 'wrong field types',
      text: JSON.stringify({
        type: 'event',
        run,
        event: { ...base, seq: String(base.seq + 1), time: 42, text: { nested: true } },
      }),
      malformed: true,
    }),
    () => ({
      kind: 'unknown event type',
      text: JSON.stringify({ type: 'event', run, event: { seq: base.seq + 1, type: 'telemetry', time: base.time } }),
      malformed: true,
    }),
    () => ({
      kind: 'negative seq',
      text: JSON.stringify({ type: 'event', run, event: { ...base, seq: -1 - Math.floor(r() * 1e6) } }),
      malformed: true,
    }),
    () => ({
      kind: 'fractional seq',
      text: JSON.stringify({ type: 'event', run, event: { ...base, seq: base.seq + 0.5 } }),
      malformed: true,
    }),
    () => ({ kind: 'missing run', text: JSON.stringify({ type: 'event', event: base }), malformed: true }),
    () => ({
      kind: 'bad end frame',
      text: JSON.stringify({ type: 'end', run, seq: -5, status: 'exploded' }),
      malformed: true,
    }),
    () => ({ kind: 'bad error frame', text: JSON.stringify({ type: 'error', run, problem: 'boom' }), malformed: true }),
    () => ({
      kind: 'bad reset frame',
      text: JSON.stringify({ type: 'reset', run, reason: 'trimmed', snapshot: { seq: 'no' } }),
      malformed: true,
    }),
    () => ({
      kind: 'bad heartbeat',
      text: JSON.stringify({ type: 'heartbeat', time: 7, runs: { [run]: 'x' } }),
      malformed: true,
    }),
    () => ({ kind: 'bad ready', text: JSON.stringify({ type: 'ready', heartbeatMs: -1 }), malformed: true }),
    () => ({
      kind: 'NUL and escape bytes',
      text: pick(r, [
        `{"type":"event\u0000","run":"${run}"}`,
        `\u001b[31m{"type":"heartbeat"}\u001b[0m`,
        '\u0000\u0000\u0000',
        `{"type":"heartbeat","time":"\u0000"}`,
      ]),
      malformed: true,
    }),
    () => ({
      kind: 'prototype keys',
      text: `{"__proto__":{"type":"event"},"constructor":{"prototype":{"polluted":1}},"type":"heartbeat","time":1}`,
      malformed: true,
    }),
    () => ({
      kind: 'huge line (2 MiB, not JSON)',
      text: `{"type":"event","run":"${run}","event":{"text":"${'A'.repeat(HUGE)}`,
      malformed: true,
    }),
    () => ({
      kind: 'huge valid JSON, wrong shape',
      text: JSON.stringify({ type: 'event', run, event: { ...base, seq: 'x'.repeat(HUGE) } }),
      malformed: true,
    }),
    () => ({
      kind: 'another run',
      text: JSON.stringify({ type: 'event', run: `${run}-other`, event: { ...base, seq: base.seq + 1 } }),
      malformed: false,
    }),
  ];
  if (last)
    kinds.push(() => ({
      kind: 'duplicate seq',
      text: JSON.stringify({ type: 'event', run, event: last }),
      malformed: false,
    }));
  if (sse)
    kinds.push(
      () => ({
        kind: 'SSE: named event',
        text: `event: ${pick(r, ['bogus', 'message2', 'heartbeat'])}\ndata: {"type":"bogus"}\n\n`,
        raw: true,
        malformed: true,
      }),
      () => ({
        kind: 'SSE: bad id/retry/comment lines',
        text: `id: \u0000-1\nretry: -5\nretry: soon\n: comment\nbogusfield: 1\n`,
        raw: true,
        malformed: false,
      }),
      () => ({
        kind: 'SSE: multi-line data',
        text: `data: {"type":\ndata: "heartbeat"}\n\n`,
        raw: true,
        malformed: true,
      }),
    );
  const chosen = pick(r, kinds)();
  // Huge frames are costly: keep them rare.
  if (chosen.text.length > 1000 && r() < 0.9) return garbage(r, run, sent, sse);
  return chosen;
}

/** What the hostile server sent. */
export interface HostileStats {
  /** Garbage messages sent, by kind. */
  sent: Record<string, number>;
  /** Of those, how many the client must count as malformed. */
  mustCount: number;
  connections: number;
}

/** A hostile stream front for a real backend at `backendPort`. */
export class HostileServer {
  readonly stats: HostileStats = { sent: {}, mustCount: 0, connections: 0 };
  readonly #wss = new WebSocketServer({ noServer: true });

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /**
   * Starts on an ephemeral port. `events(run, after)` reads the backend's events; each
   * real frame is preceded by up to `perEvent` garbage messages.
   */
  static async start(
    backendPort: number,
    events: (run: string, after: number) => Promise<RunEvent[]>,
    random: () => number,
    perEvent = 3,
  ): Promise<HostileServer> {
    const holder: { self?: HostileServer } = {};
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/api/stream')) return void holder.self!.sse(req, res, events, random, perEvent);
      const upstream = request(
        { host: '127.0.0.1', port: backendPort, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      holder.self!.#wss.handleUpgrade(req, socket, head, (ws) => void holder.self!.ws(ws, events, random, perEvent));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    holder.self = new HostileServer(server, typeof address === 'object' && address ? address.port : 0);
    return holder.self;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #count(g: Garbage): void {
    this.stats.sent[g.kind] = (this.stats.sent[g.kind] ?? 0) + 1;
    if (g.malformed) this.stats.mustCount += 1;
  }

  /** The frames of one connection: garbage, then each real event, then `end` if the run ended. */
  async *#frames(
    run: string,
    after: number,
    events: (run: string, after: number) => Promise<RunEvent[]>,
    random: () => number,
    perEvent: number,
    sse: boolean,
    closed: () => boolean,
  ): AsyncGenerator<Garbage | string> {
    const sent: RunEvent[] = [];
    let cursor = after;
    // Follows the backend until the run ends or the client goes (bounded by the test's timeout).
    while (!closed()) {
      const batch = await events(run, cursor);
      if (batch.length === 0) await new Promise((r) => setTimeout(r, 20));
      for (const event of batch) {
        for (let i = Math.floor(random() * (perEvent + 1)); i > 0; i--) yield garbage(random, run, sent, sse);
        yield JSON.stringify({ type: 'event', run, event });
        sent.push(event);
        cursor = event.seq;
        if (event.type === 'status' && ['succeeded', 'failed', 'cancelled'].includes(event.status)) {
          yield JSON.stringify({ type: 'end', run, seq: event.seq, status: event.status });
          return;
        }
      }
    }
  }

  private async sse(
    req: IncomingMessage,
    res: ServerResponse,
    events: (run: string, after: number) => Promise<RunEvent[]>,
    random: () => number,
    perEvent: number,
  ): Promise<void> {
    this.stats.connections += 1;
    const runs = new URL(req.url!, 'http://x').searchParams.get('runs') ?? '';
    const [run, after] = runs.split(':') as [string, string];
    res.writeHead(200, { 'content-type': 'text/event-stream', 'access-control-allow-origin': '*' });
    res.write(`data: ${JSON.stringify({ type: 'ready', heartbeatMs: 15000 })}\n\n`);
    for await (const item of this.#frames(
      decodeURIComponent(run),
      Number(after),
      events,
      random,
      perEvent,
      true,
      () => res.destroyed,
    )) {
      if (res.destroyed) return;
      if (typeof item === 'string') res.write(`data: ${item}\n\n`);
      else {
        this.#count(item);
        res.write(item.raw ? item.text : `data: ${item.text.replace(/\n/g, ' ')}\n\n`);
      }
      if (res.writableLength > 1024 * 1024) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  private async ws(
    ws: WebSocket,
    events: (run: string, after: number) => Promise<RunEvent[]>,
    random: () => number,
    perEvent: number,
  ): Promise<void> {
    this.stats.connections += 1;
    const subscribe = new Promise<{ run: string; after: number }>((resolve) =>
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; run: string; after: number };
        if (m.type === 'subscribe') resolve(m);
      }),
    );
    // The client subscribes once the server says ready.
    ws.send(JSON.stringify({ type: 'ready', heartbeatMs: 15000 }));
    const { run, after } = await subscribe;
    for await (const item of this.#frames(
      run,
      after,
      events,
      random,
      perEvent,
      false,
      () => ws.readyState !== ws.OPEN,
    )) {
      if (ws.readyState !== ws.OPEN) return;
      if (typeof item === 'string') ws.send(item);
      else {
        this.#count(item);
        ws.send(item.text);
        // A binary frame now and then: not a text frame, so not a message at all.
        if (random() < 0.05) {
          this.stats.sent['binary frame'] = (this.stats.sent['binary frame'] ?? 0) + 1;
          this.stats.mustCount += 1;
          ws.send(Buffer.from([0, 255, 1, 254]), { binary: true });
        }
      }
    }
  }
}
