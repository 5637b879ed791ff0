/**
 * MSW handlers that implement the run-progress contract (docs/contract.md) by playing
 * scripted runs: REST, the multi-run and per-run SSE streams, polling and the WebSocket.
 * Network behaviour (refused transports, flaps, 401s, an outage) comes from the scenarios
 * or the `network` option.
 * @module
 */
import { http, HttpResponse, ws, type RequestHandler, type WebSocketHandler } from 'msw';
import {
  ClientMessageSchema,
  CloseCode,
  contractPaths,
  DEFAULT_BASE_PATH,
  MAX_PAGE,
  parseRunCursors,
  PROBLEM_MEDIA_TYPE,
  ProblemType,
  SseEventName,
  validate,
  type EventPage,
  type LogTail,
  type RunList,
  type ServerFrame,
} from '../src/contract/index.js';
import { Follower } from './follower.js';
import { MockServer } from './mock-server.js';
import type { MockNetwork, MockScenario } from './script.js';

/** Options of {@link createRunHandlers}. */
export interface RunHandlerOptions {
  /** Base of the contract's endpoints (default `/api`). In Node give an absolute URL, e.g. `http://localhost/api`. */
  baseUrl?: string | undefined;
  /** The runs to serve; each is served under its `id` and starts on its first request. */
  scenarios: readonly MockScenario[];
  /** How many times faster than scripted to play (default 1; tests use e.g. 50). */
  speed?: number | undefined;
  /** Network behaviour; merged over the scenarios' own `network` settings. */
  network?: MockNetwork | undefined;
  /** Epoch-ms clock (default `Date.now`). */
  now?: (() => number) | undefined;
}

/** The poll's default and the stream's default page, as the contract states them. */
const DEFAULT_POLL_LIMIT = 1_000;
const encoder = new TextEncoder();

/**
 * Handlers for one mock backend at `baseUrl` serving `scenarios`. Pass them to
 * `setupServer`/`setupWorker` (or `msw.use` in a story).
 */
export function createRunHandlers(options: RunHandlerOptions): Array<RequestHandler | WebSocketHandler> {
  const speed = options.speed ?? 1;
  if (!(speed > 0) || speed === Infinity)
    throw new RangeError(`createRunHandlers: speed must be a positive number (got ${speed})`);
  const network: MockNetwork = Object.assign({}, ...options.scenarios.map((s) => s.network ?? {}), options.network);
  const server = new MockServer({
    scenarios: options.scenarios,
    speed,
    network,
    now: options.now ?? (() => Date.now()),
  });
  const base = (options.baseUrl ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  const paths = contractPaths(base);
  // The builders percent-encode run ids, which would turn MSW's `:id` into a literal.
  const runPath = (suffix = '') => `${paths.runs()}/:id${suffix}`;
  let polls = 0;

  /** Outage and auth, checked before every HTTP answer; a response means "answer this instead". */
  const gate = (request: Request): Response | undefined => {
    if (server.isDown(server.now())) return HttpResponse.error();
    const header = request.headers.get('authorization') ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!server.authorized(token)) {
      return problem(401, ProblemType.Unauthorized, 'Unauthorized', 'missing or unknown token', {
        'www-authenticate': 'Bearer',
      });
    }
    return undefined;
  };

  const handlers: Array<RequestHandler | WebSocketHandler> = [
    http.get(paths.runs(), ({ request }) => {
      const refused = gate(request);
      if (refused) return refused;
      const now = server.now();
      const body: RunList = { runs: server.allRuns().map((run) => run.snapshot(now)) };
      return HttpResponse.json(body);
    }),

    http.get(runPath(), ({ request, params }) => {
      const refused = gate(request);
      if (refused) return refused;
      const run = server.run(String(params.id));
      if (!run) return notFound(String(params.id));
      const snapshot = run.snapshot(server.now());
      const etag = `"${run.id}-${snapshot.seq}"`;
      if (request.headers.get('if-none-match') === etag)
        return new HttpResponse(null, { status: 304, headers: { etag } });
      return HttpResponse.json(snapshot, { headers: { etag } });
    }),

    http.get(runPath('/events'), ({ request, params }) => {
      const refused = gate(request);
      if (refused) return refused;
      const run = server.run(String(params.id));
      if (!run) return notFound(String(params.id));
      const query = new URL(request.url).searchParams;
      const after = intParam(query.get('after'), 0, 0);
      const limit = intParam(query.get('limit'), MAX_PAGE, 1);
      if (after === undefined || limit === undefined) return badQuery();
      const now = server.now();
      const lastSeq = run.dueCount(now);
      if (after > lastSeq) {
        return problem(409, ProblemType.CursorAhead, 'Cursor ahead', `after=${after} is past the last seq ${lastSeq}`);
      }
      const body: EventPage = {
        runId: run.id,
        events: run.eventsAfter(after, now, Math.min(limit, MAX_PAGE)),
        firstSeq: 1,
        lastSeq,
        status: run.snapshot(now).status,
      };
      return HttpResponse.json(body);
    }),

    http.get(runPath('/logs'), ({ request, params }) => {
      const refused = gate(request);
      if (refused) return refused;
      const run = server.run(String(params.id));
      if (!run) return notFound(String(params.id));
      const tail = intParam(new URL(request.url).searchParams.get('tail'), 200, 0);
      if (tail === undefined) return badQuery();
      const now = server.now();
      const body: LogTail = {
        runId: run.id,
        lines: run.logTail(Math.min(tail, MAX_PAGE), now),
        lastSeq: run.dueCount(now),
      };
      return HttpResponse.json(body);
    }),

    http.get(paths.poll(), ({ request }) => {
      if (!server.allows('polling')) return notServed('polling');
      const refused = gate(request);
      if (refused) return refused;
      polls += 1;
      // A flaky network loses every other poll.
      if (server.flapAfterMs() !== undefined && polls % 2 === 0) return HttpResponse.error();
      const query = new URL(request.url).searchParams;
      const cursors = parseRunCursors(query.get('runs') ?? '');
      const limit = intParam(query.get('limit'), DEFAULT_POLL_LIMIT, 1);
      if (!cursors || limit === undefined) return badQuery();
      const now = server.now();
      const frames: ServerFrame[] = [];
      for (const { run: id, after } of cursors) {
        const run = server.run(id);
        if (!run) {
          frames.push({ type: 'error', run: id, problem: notFoundProblem(id) });
          continue;
        }
        const snapshot = run.snapshot(now);
        let cursor = after;
        if (after > snapshot.seq) {
          frames.push({ type: 'reset', run: id, reason: 'ahead', snapshot });
          cursor = snapshot.seq;
        }
        const events = run.eventsAfter(cursor, now, Math.min(limit, MAX_PAGE));
        for (const event of events) frames.push({ type: 'event', run: id, event });
        const last = cursor + events.length;
        if (last === snapshot.seq && run.ended(now))
          frames.push({ type: 'end', run: id, seq: last, status: snapshot.status });
      }
      return HttpResponse.json({ frames });
    }),

    http.get(paths.multiStream(), ({ request }) => {
      if (!server.allows('sse')) return notServed('sse');
      const refused = gate(request);
      if (refused) return refused;
      const cursors = parseRunCursors(new URL(request.url).searchParams.get('runs') ?? '');
      if (!cursors) return badQuery();
      return eventStream(request, (write) => {
        write(`retry: 1000\n\n`);
        const frame = (f: ServerFrame) => write(`data: ${JSON.stringify(f)}\n\n`);
        return {
          start: (follower) => {
            frame({ type: 'ready', heartbeatMs: server.heartbeatMs });
            for (const { run, after } of cursors) follower.subscribe(run, after);
          },
          send: (frames) => frames.forEach(frame),
        };
      });
    }),

    http.get(runPath('/stream'), ({ request, params }) => {
      if (!server.allows('sse')) return notServed('sse');
      const refused = gate(request);
      if (refused) return refused;
      const id = String(params.id);
      const run = server.run(id);
      if (!run) return notFound(id);
      const lastEventId = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after');
      const after = intParam(lastEventId, 0, 0);
      if (after === undefined) return badQuery();
      // At or past the end: 204 makes a browser EventSource stop for good.
      if (run.ended(server.now()) && after >= run.dueCount(server.now()))
        return new HttpResponse(null, { status: 204 });
      return eventStream(request, (write, close) => ({
        start: (follower) => {
          write(`retry: 1000\n\n`);
          follower.subscribe(id, after);
        },
        send: (frames) => {
          for (const f of frames) {
            if (f.type === 'event') write(`id: ${f.event.seq}\ndata: ${JSON.stringify(f.event)}\n\n`);
            else if (f.type === 'heartbeat') {
              const data = { time: f.time, seq: f.runs?.[id] ?? 0, intervalMs: server.heartbeatMs };
              write(`event: ${SseEventName.Heartbeat}\ndata: ${JSON.stringify(data)}\n\n`);
            } else if (f.type === 'reset') {
              const data = { reason: f.reason, snapshot: f.snapshot };
              write(`event: ${SseEventName.Reset}\nid: ${f.snapshot.seq}\ndata: ${JSON.stringify(data)}\n\n`);
            } else if (f.type === 'end') {
              write(`event: ${SseEventName.End}\ndata: ${JSON.stringify({ seq: f.seq, status: f.status })}\n\n`);
              close();
            } else if (f.type === 'error') {
              write(`event: ${SseEventName.Problem}\ndata: ${JSON.stringify(f.problem)}\n\n`);
              close();
            }
          }
        },
      }));
    }),

    webSocketHandler(server, socketUrl(paths.socket())),
  ];

  /** A `text/event-stream` response driven by a {@link Follower}; cut by flaps and outages. */
  function eventStream(
    request: Request,
    setup: (
      write: (text: string) => void,
      close: () => void,
    ) => { start(follower: Follower): void; send(frames: ServerFrame[]): void },
  ): Response {
    let follower: Follower | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        let open = true;
        const write = (text: string) => {
          if (open) controller.enqueue(encoder.encode(text));
        };
        const finish = (error?: Error) => {
          if (!open) return;
          open = false;
          follower?.stop();
          if (error) controller.error(error);
          else controller.close();
        };
        const stream = setup(write, () => finish());
        follower = new Follower(server, {
          send: (frames) => stream.send(frames),
          cut: () => finish(new Error('mock network cut the stream')),
        });
        request.signal.addEventListener('abort', () => finish());
        stream.start(follower);
      },
      cancel() {
        follower?.stop();
      },
    });
    return new HttpResponse(body, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  }

  return handlers;
}

/** The WebSocket endpoint: auth first when a token is configured, then subscriptions. */
function webSocketHandler(server: MockServer, url: string): WebSocketHandler {
  return ws.link(url).addEventListener('connection', ({ client }) => {
    // A refused upgrade or an unreachable server looks like an abnormal close to the client.
    if (!server.allows('websocket') || server.isDown(server.now())) return client.close(1006 as number, 'refused');
    let follower: Follower | undefined;
    const send = (frames: ServerFrame[]) => {
      for (const frame of frames) client.send(JSON.stringify(frame));
    };
    const ready = () => {
      follower = new Follower(server, { send, cut: () => client.close(CloseCode.GoingAway, 'mock network cut') });
      send([{ type: 'ready', heartbeatMs: server.heartbeatMs }]);
    };
    const needsAuth = server.options.network.token !== undefined;
    if (!needsAuth) ready();
    client.addEventListener('message', (event) => {
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        json = undefined;
      }
      const message = validate(ClientMessageSchema, json);
      if (!message.ok) return client.close(CloseCode.PolicyViolation, 'not a client message');
      const m = message.value;
      if (!follower) {
        if (m.type !== 'auth' || !server.authorized(m.token))
          return client.close(CloseCode.Unauthorized, 'unauthorized');
        return ready();
      }
      if (m.type === 'subscribe') follower.subscribe(m.run, m.after);
      else if (m.type === 'unsubscribe') follower.unsubscribe(m.run);
    });
    client.addEventListener('close', () => follower?.stop());
  });
}

/** The socket's absolute `ws:` URL (relative bases resolve against the page). */
function socketUrl(path: string): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  if (!/^[a-z]+:/i.test(path) && !page) {
    throw new TypeError(`createRunHandlers: give an absolute baseUrl outside a browser (got ${path})`);
  }
  const url = new URL(path, page);
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  return url.href;
}

function intParam(text: string | null, fallback: number, min: number): number | undefined {
  if (text === null) return fallback;
  if (!/^\d{1,15}$/.test(text)) return undefined;
  const value = Number(text);
  return value < min ? undefined : value;
}

function problem(status: number, type: string, title: string, detail: string, headers: Record<string, string> = {}) {
  return HttpResponse.json(
    { type, title, status, detail },
    { status, headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...headers } },
  );
}

function notFoundProblem(id: string) {
  return { type: ProblemType.NotFound, title: 'Not Found', status: 404, detail: `no run ${id}` };
}

function notFound(id: string) {
  return problem(404, ProblemType.NotFound, 'Not Found', `no run ${id}`);
}

function badQuery() {
  return problem(400, ProblemType.Validation, 'Bad Request', 'a query parameter is malformed');
}

function notServed(transport: string) {
  return problem(404, ProblemType.NotFound, 'Not Found', `this server does not serve ${transport}`);
}
