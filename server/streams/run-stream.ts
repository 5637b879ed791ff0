/**
 * `GET /runs/{id}/stream`: the per-run SSE stream a plain `EventSource` can follow.
 * Run events are unnamed messages with `id: <seq>`, so the browser resumes by itself
 * with `Last-Event-ID`; control messages are named (docs/contract.md).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isTerminalStatus, ProblemType, SseEventName, type RunEvent } from '../../src/contract/index.js';
import type { Principal } from '../auth/principal.js';
import { HttpProblem, problem, runNotFound } from '../shared/problem.js';
import { eventSseMessage } from './event-json.js';
import type { StreamServices } from './services.js';
import { ownerOf, refusedStream } from './stream-refusal.js';
import { SseOutput, sseMessage } from './sse-output.js';

/** Reads the cursor: `Last-Event-ID` (what a reconnecting browser sends) wins over `?after=`. */
export function streamCursor(req: IncomingMessage, query: URLSearchParams): number {
  const header = req.headers['last-event-id'];
  const raw = typeof header === 'string' && header.trim() !== '' ? header.trim() : query.get('after');
  if (raw === null || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw)) {
    throw new HttpProblem(
      problem(400, ProblemType.Malformed, `The cursor must be a non-negative integer, got ${JSON.stringify(raw)}.`),
    );
  }
  return Number(raw);
}

/** Serves the per-run stream. Problems before the stream starts are thrown as {@link HttpProblem}. */
export async function serveRunStream(
  services: StreamServices,
  principal: Principal,
  runId: string,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const after = streamCursor(req, query);
  const { store, heartbeatMs, limits } = services.options;
  const run = await store.getRun(runId);
  if (!run || !(await services.access.canRead(principal, run))) throw new HttpProblem(runNotFound(runId));
  if (isTerminalStatus(run.snapshot.status) && after >= run.snapshot.seq) {
    // 204 is what makes a browser's EventSource stop reconnecting for good.
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  const out = new SseOutput(req, res, services.registry, limits.maxBufferedBytes);
  const refusal = out.open(ownerOf(principal, services.options.clientAddress(req)));
  if (refusal) throw refusedStream(refusal);
  const sub = services.hub.follow(
    principal,
    runId,
    after,
    {
      event: (event: RunEvent) => out.write(eventSseMessage(event)),
      reset: (reason, snapshot) => out.write(sseMessage(JSON.stringify({ reason, snapshot }), SseEventName.Reset)),
      end: (seq, status) => {
        out.write(sseMessage(JSON.stringify({ seq, status }), SseEventName.End));
        out.end();
      },
      error: (body) => {
        out.write(sseMessage(JSON.stringify(body), SseEventName.Problem));
        out.end();
      },
      room: () => out.room(),
    },
    'sse',
  );
  const timer = setInterval(() => {
    const beat = { time: services.options.now().toISOString(), seq: sub.cursor, intervalMs: heartbeatMs };
    out.write(sseMessage(JSON.stringify(beat), SseEventName.Heartbeat));
  }, heartbeatMs);
  timer.unref();
  out.onClose(() => {
    clearInterval(timer);
    sub.stop();
  });
}
