/**
 * `GET /stream?runs=a:5,b:0`: many runs over one SSE connection, so a dashboard of
 * twenty runs does not need twenty of the browser's six HTTP/1.1 connections. Each
 * frame is one unnamed SSE message; the first is `ready`. To change the set of runs a
 * client opens a new stream with its current cursors, so messages carry no `id:`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../auth/principal.js';
import { CatchUpTurns } from './catch-up-turns.js';
import { eventFrameSse, frameSink, heartbeatFrame, readyFrame } from './frames.js';
import { requireRunCursors } from './run-cursors.js';
import type { StreamServices } from './services.js';
import { ownerOf, refusedStream } from './stream-refusal.js';
import { SseOutput, sseMessage } from './sse-output.js';
import type { RunSubscription } from './subscription.js';

/** Serves the multi-run stream. Problems before the stream starts are thrown as {@link HttpProblem}. */
export function serveMultiStream(
  services: StreamServices,
  principal: Principal,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const { heartbeatMs, limits, now } = services.options;
  const cursors = requireRunCursors(query, limits.maxRunsPerRequest);
  const out = new SseOutput(req, res, services.registry, limits.maxBufferedBytes);
  const refusal = out.open(ownerOf(principal, services.options.clientAddress(req)));
  if (refusal) throw refusedStream(refusal);
  const send = (json: string) => out.write(sseMessage(json));
  send(JSON.stringify(readyFrame(heartbeatMs)));
  const subs = new Set<RunSubscription>();
  const turns = new CatchUpTurns();
  for (const { run, after } of cursors) {
    if (out.closed) break;
    let sub: RunSubscription | undefined = undefined;
    let over = false;
    const sink = frameSink(
      run,
      send,
      () => out.room(),
      () => {
        over = true;
        if (sub) subs.delete(sub);
      },
      (event) => out.write(eventFrameSse(run, event)),
    );
    sink.turns = turns;
    sub = services.hub.follow(principal, run, after, sink, 'sse');
    if (!over) subs.add(sub);
  }
  const timer = setInterval(() => send(JSON.stringify(heartbeatFrame(now(), subs))), heartbeatMs);
  timer.unref();
  out.onClose(() => {
    clearInterval(timer);
    for (const sub of subs) sub.stop();
    subs.clear();
  });
}
