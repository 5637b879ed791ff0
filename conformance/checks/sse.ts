/**
 * The per-run SSE stream: framing and headers, resume from every cursor (both ways of
 * giving it), live tailing to the terminal `end` and the 204 after it, `reset` when the
 * cursor cannot be resumed, and heartbeats.
 * @module
 */
import { SseEventName, type RunEvent } from '../../src/contract/index.js';
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { finishedEvents, logLine, runningEvents } from '../fixtures.js';
import type { SseStream } from '../sse-client.js';
import {
  drainSse,
  EndDataSchema,
  HeartbeatDataSchema,
  range,
  ResetDataSchema,
  sseData,
  sseEvent,
  seqs,
} from '../streams.js';
import { seedTrimmedRun } from './events.js';
import { advertisedHeartbeatMs, heartbeatSlackMs, heartbeatTimeout } from './heartbeat.js';

function ensureStreamResponse(stream: SseStream, what: string): void {
  ensure(stream.status === 200, `${what}: answered ${stream.status}, expected 200 (${stream.text.slice(0, 200)})`);
  const type = stream.headers.get('content-type') ?? '';
  ensure(
    /^text\/event-stream\b/i.test(type),
    `${what}: content type is ${JSON.stringify(type)}, expected text/event-stream`,
  );
}

async function expectRest(ctx: CheckContext, stream: SseStream, events: RunEvent[], after: number, what: string) {
  ensureStreamResponse(stream, what);
  const got = await drainSse(ctx, stream, what);
  ensureEqual(seqs(got.events), range(after + 1, events.length), `${what}: seqs`);
  ensureEqual(got.events, events.slice(after), `${what}: events`);
  const last = events.at(-1);
  ensureEqual(
    got.end,
    { seq: last?.seq, status: last?.type === 'status' ? last.status : undefined },
    `${what}: end data`,
  );
  ensure(got.afterEnd.length === 0, `${what}: ${got.afterEnd.length} messages after end`);
}

type CursorWay = 'header' | 'query';

/** Opens the run's stream resuming after `cursor`, given as `Last-Event-ID` or as `?after`. */
function openAfter(ctx: CheckContext, runId: string, how: CursorWay, cursor: number): Promise<SseStream> {
  return how === 'header'
    ? ctx.sse(ctx.paths.stream(runId), { lastEventId: String(cursor) })
    : ctx.sse(ctx.paths.stream(runId), { query: { after: cursor } });
}

async function resumeFromEveryCursor(ctx: CheckContext, how: CursorWay): Promise<void> {
  const run = await ctx.seedRun(`sse-${how}`, finishedEvents(6));
  const events = await ctx.allEvents(run.id);
  for (let after = 0; after < events.length; after++) {
    const what = how === 'header' ? `Last-Event-ID: ${after}` : `?after=${after}`;
    await expectRest(ctx, await openAfter(ctx, run.id, how, after), events, after, what);
  }
  for (const cursor of [events.length, events.length + 5]) {
    const late = await openAfter(ctx, run.id, how, cursor);
    ensure(
      late.status === 204,
      `a reconnect after ${cursor} of an ended run of ${events.length} answered ${late.status}, expected 204`,
    );
  }
}

/** Checks: text/event-stream without buffering; events unnamed with id = seq. */
export const sseFraming: Check = {
  name: 'sse: text/event-stream without buffering; events unnamed with id = seq',
  async run(ctx) {
    const run = await ctx.seedRun('sse-framing', runningEvents(3));
    const events = await ctx.allEvents(run.id);
    const stream = await ctx.sse(ctx.paths.stream(run.id));
    ensureStreamResponse(stream, 'GET stream');
    const cache = stream.headers.get('cache-control') ?? '';
    ensure(/no-cache/i.test(cache), `Cache-Control is ${JSON.stringify(cache)}, expected no-cache, no-transform`);
    ensure(/no-transform/i.test(cache), `Cache-Control is ${JSON.stringify(cache)}, expected no-cache, no-transform`);
    const accel = stream.headers.get('x-accel-buffering');
    ensure(accel?.toLowerCase() === 'no', `X-Accel-Buffering is ${JSON.stringify(accel)}, expected "no"`);
    for (const expected of events) {
      const got = sseEvent(await ctx.expectSse(stream, `event ${expected.seq}`));
      ensureEqual(got, expected, `SSE event ${expected.seq} vs GET events`);
    }
  },
};

/** Checks: Last-Event-ID resumes from every cursor with exactly the rest, then end. */
export const sseResumeHeader: Check = {
  name: 'sse: Last-Event-ID resumes from every cursor with exactly the rest, then end',
  async run(ctx) {
    await resumeFromEveryCursor(ctx, 'header');
  },
};

/** Checks: ?after resumes from every cursor with exactly the rest, then end. */
export const sseResumeQuery: Check = {
  name: 'sse: ?after resumes from every cursor with exactly the rest, then end',
  async run(ctx) {
    await resumeFromEveryCursor(ctx, 'query');
  },
};

/** Checks: Last-Event-ID takes precedence over ?after. */
export const sseHeaderWins: Check = {
  name: 'sse: Last-Event-ID takes precedence over ?after',
  async run(ctx) {
    const run = await ctx.seedRun('sse-precedence', finishedEvents(5));
    const events = await ctx.allEvents(run.id);
    const stream = await ctx.sse(ctx.paths.stream(run.id), { lastEventId: '3', query: { after: 1 } });
    await expectRest(ctx, stream, events, 3, 'Last-Event-ID: 3 with ?after=1');
  },
};

/** Checks: a run with no events yet streams them live; a terminal status sends end and closes; a reconnect gets 204. */
export const sseLiveToEnd: Check = {
  name: 'sse: a run with no events yet streams them live; a terminal status sends end and closes; a reconnect gets 204',
  async run(ctx) {
    const run = await ctx.createRun('sse-live');
    const stream = await ctx.sse(ctx.paths.stream(run.id));
    ensureStreamResponse(stream, 'GET stream');
    await ctx.append(run.id, runningEvents(3));
    for (const seq of [1, 2, 3]) {
      const event = sseEvent(await ctx.expectSse(stream, `live event ${seq}`));
      ensure(event.seq === seq, `live event has seq ${event.seq}, expected ${seq}`);
    }
    await ctx.append(run.id, [logLine('live 1'), logLine('live 2')]);
    for (const seq of [4, 5]) {
      const event = sseEvent(await ctx.expectSse(stream, `live event ${seq}`));
      ensure(event.seq === seq, `live event has seq ${event.seq}, expected ${seq}`);
    }
    await ctx.append(run.id, { type: 'status', status: 'succeeded' });
    const terminal = sseEvent(await ctx.expectSse(stream, 'the terminal status event'));
    ensure(
      terminal.type === 'status' && terminal.seq === 6,
      `expected the status event 6, got ${terminal.type} ${terminal.seq}`,
    );
    const end = sseData(await ctx.expectSse(stream, 'end'), SseEventName.End, EndDataSchema);
    ensureEqual(end, { seq: 6, status: 'succeeded' }, 'end data');
    const closed = await stream.messages.next(ctx.options.waitMs);
    ensure(closed.kind === 'closed', `after end the stream ${closed.kind === 'item' ? 'sent more' : 'stayed open'}`);
    const header = await ctx.sse(ctx.paths.stream(run.id), { lastEventId: '6' });
    ensure(header.status === 204, `reconnect with Last-Event-ID: 6 answered ${header.status}, expected 204`);
    const query = await ctx.sse(ctx.paths.stream(run.id), { query: { after: 6 } });
    ensure(query.status === 204, `reconnect with ?after=6 answered ${query.status}, expected 204`);
  },
};

async function expectReset(ctx: CheckContext, stream: SseStream, reason: 'ahead' | 'trimmed', lastSeq: number) {
  ensureStreamResponse(stream, `a stream from a cursor that cannot be resumed (${reason})`);
  const reset = sseData(await ctx.expectSse(stream, 'reset'), SseEventName.Reset, ResetDataSchema);
  ensure(reset.reason === reason, `reset reason is ${reset.reason}, expected ${reason}`);
  ensure(reset.snapshot.seq === lastSeq, `reset snapshot seq ${reset.snapshot.seq}, expected the run's ${lastSeq}`);
  return reset;
}

/** Checks: a cursor past lastSeq gets reset (ahead) with the snapshot, then live events. */
export const sseAheadReset: Check = {
  name: 'sse: a cursor past lastSeq gets reset (ahead) with the snapshot, then live events',
  async run(ctx) {
    const run = await ctx.seedRun('sse-ahead', runningEvents(3));
    const stream = await ctx.sse(ctx.paths.stream(run.id), { lastEventId: '50' });
    const reset = await expectReset(ctx, stream, 'ahead', 3);
    ensureEqual(reset.snapshot, await ctx.snapshot(run.id), 'reset snapshot vs GET snapshot');
    await ctx.append(run.id, logLine('after the reset'));
    const next = sseEvent(await ctx.expectSse(stream, 'the event after the reset'));
    ensure(next.seq === 4, `after the reset came seq ${next.seq}, expected 4`);
  },
};

/** Checks: a cursor before the trimmed history gets reset (trimmed), then live events. */
export const sseTrimmedReset: Check = {
  name: 'sse: a cursor before the trimmed history gets reset (trimmed), then live events',
  async run(ctx) {
    const keep = ctx.options.trimmedAfter ?? ctx.skip('needs --trimmed-after N');
    const { run, total } = await seedTrimmedRun(ctx, 'sse-trimmed', keep);
    const stream = await ctx.sse(ctx.paths.stream(run.id), { lastEventId: '1' });
    const reset = await expectReset(ctx, stream, 'trimmed', total);
    ensure(reset.snapshot.id === run.id, `reset snapshot is of ${reset.snapshot.id}`);
    await ctx.append(run.id, logLine('after the reset'));
    const next = sseEvent(await ctx.expectSse(stream, 'the event after the reset'));
    ensure(next.seq === total + 1, `after the reset came seq ${next.seq}, expected ${total + 1}`);
  },
};

/** Checks: heartbeats come within the advertised interval with the last seq. */
export const sseHeartbeat: Check = {
  name: 'sse: heartbeats come within the advertised interval with the last seq',
  timeoutMs: heartbeatTimeout,
  async run(ctx) {
    const run = await ctx.seedRun('sse-heartbeat', runningEvents(2));
    // The per-run stream states its interval only in its heartbeats; the multiplexed
    // stream's `ready` tells up front whether waiting for them fits the time allowed.
    await advertisedHeartbeatMs(ctx, run.id);
    const stream = await ctx.sse(ctx.paths.stream(run.id), { query: { after: 2 } });
    ensureStreamResponse(stream, 'GET stream');
    let previous = performance.now();
    let interval = ctx.options.heartbeatTimeoutMs;
    for (const nth of ['first', 'second']) {
      const limit = interval + heartbeatSlackMs(interval);
      const message = await ctx.expect(stream.messages, `the ${nth} heartbeat`, limit);
      const data = sseData(message, SseEventName.Heartbeat, HeartbeatDataSchema);
      const gap = performance.now() - previous;
      previous = performance.now();
      interval = data.intervalMs;
      if (interval > ctx.options.heartbeatTimeoutMs) ctx.skip(`intervalMs ${interval} exceeds --heartbeat-timeout-ms`);
      ensure(data.seq === 2, `heartbeat seq is ${data.seq}, expected the run's last seq 2`);
      const allowed = interval + heartbeatSlackMs(interval);
      ensure(gap <= allowed, `the ${nth} heartbeat came after ${Math.round(gap)} ms (intervalMs ${interval})`);
    }
    await ctx.append(run.id, logLine('moves the last seq'));
    ensure(sseEvent(await ctx.expectSse(stream, 'the appended event')).seq === 3, 'the appended event is not seq 3');
    const later = await ctx.expect(
      stream.messages,
      'a heartbeat after an event',
      interval + heartbeatSlackMs(interval),
    );
    const data = sseData(later, SseEventName.Heartbeat, HeartbeatDataSchema);
    ensure(data.seq === 3, `a heartbeat after event 3 says seq ${data.seq}`);
  },
};

/** Checks of the per-run SSE stream. */
export const sseChecks: Check[] = [
  sseFraming,
  sseResumeHeader,
  sseResumeQuery,
  sseHeaderWins,
  sseLiveToEnd,
  sseAheadReset,
  sseTrimmedReset,
  sseHeartbeat,
];
