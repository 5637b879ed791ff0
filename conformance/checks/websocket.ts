/**
 * The WebSocket: subscriptions resume from every cursor, several runs share one socket,
 * `reset` when a cursor cannot be resumed, heartbeats, and strict client messages.
 * @module
 */
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import { finishedEvents, logLine, runningEvents } from '../fixtures.js';
import { collectFrames, FrameLog, nextFrame, type FrameSource } from '../frames.js';
import { range, seqs } from '../streams.js';
import { closedWithin } from '../ws-client.js';
import { seedTrimmedRun } from './events.js';
import { heartbeatSlackMs, heartbeatTimeout } from './heartbeat.js';

/** Checks: subscribe resumes from every cursor with exactly the rest, then end. */
export const wsResumeEveryCursor: Check = {
  name: 'websocket: subscribe resumes from every cursor with exactly the rest, then end',
  async run(ctx) {
    const run = await ctx.seedRun('ws-resume', finishedEvents(6));
    const events = await ctx.allEvents(run.id);
    const { socket } = await ctx.ws();
    const source: FrameSource = { kind: 'ws', frames: socket.frames };
    for (let after = 0; after <= events.length; after++) {
      socket.send({ type: 'subscribe', run: run.id, after });
      const log = new FrameLog();
      await collectFrames(ctx, source, log, () => log.of(run.id).end !== undefined, `subscribe after ${after}`);
      ensureEqual(log.of(run.id).events, events.slice(after), `events after ${after}`);
      ensureEqual(log.of(run.id).end, { type: 'end', run: run.id, seq: 6, status: 'succeeded' }, `end after ${after}`);
    }
  },
};

/** Checks: several runs on one socket, live, each in order; unsubscribe stops a run. */
export const wsManyRuns: Check = {
  name: 'websocket: several runs on one socket, live, each in order; unsubscribe stops a run',
  async run(ctx) {
    const a = await ctx.seedRun('ws-a', runningEvents(2));
    const b = await ctx.seedRun('ws-b', runningEvents(2));
    const c = await ctx.seedRun('ws-c', finishedEvents(3));
    const d = await ctx.seedRun('ws-d', runningEvents(1));
    const { socket } = await ctx.ws();
    const source: FrameSource = { kind: 'ws', frames: socket.frames };
    socket.send({ type: 'subscribe', run: a.id, after: 0 });
    socket.send({ type: 'subscribe', run: b.id, after: 1 });
    socket.send({ type: 'subscribe', run: c.id, after: 0 });
    const log = new FrameLog();
    const count = (id: string) => log.of(id).events.length;
    await collectFrames(
      ctx,
      source,
      log,
      () => count(a.id) >= 2 && count(b.id) >= 1 && log.of(c.id).end !== undefined,
      'backlogs',
    );
    for (let i = 0; i < 3; i++) {
      await ctx.append(a.id, logLine(`a ${i}`));
      await ctx.append(b.id, logLine(`b ${i}`));
    }
    await collectFrames(ctx, source, log, () => count(a.id) >= 5 && count(b.id) >= 4, 'live events of two runs');
    ensureEqual(seqs(log.of(a.id).events), range(1, 5), `seqs of run a`);
    ensureEqual(seqs(log.of(b.id).events), range(2, 5), `seqs of run b (after 1)`);
    ensureEqual(seqs(log.of(c.id).events), range(1, 3), `seqs of the ended run c`);
    // The server handles a socket's messages in order: once d's backlog arrives, the
    // unsubscribe of b before it has taken effect.
    socket.send({ type: 'unsubscribe', run: b.id });
    socket.send({ type: 'subscribe', run: d.id, after: 0 });
    await collectFrames(
      ctx,
      source,
      log,
      () => count(d.id) >= 1,
      'the backlog of a run subscribed after unsubscribing b',
    );
    const bBefore = count(b.id);
    await ctx.append(b.id, logLine('b after unsubscribe'));
    await ctx.append(a.id, { type: 'status', status: 'succeeded' });
    await collectFrames(ctx, source, log, () => log.of(a.id).end !== undefined, 'end of run a');
    ensure(count(b.id) === bBefore, `run b sent ${count(b.id) - bBefore} events after unsubscribe`);
    ensureEqual(log.of(a.id).end, { type: 'end', run: a.id, seq: 6, status: 'succeeded' }, 'end frame of a');
  },
};

/** Checks: repeating subscribe restarts the run from the new cursor, without a second copy. */
export const wsResubscribe: Check = {
  name: 'websocket: repeating subscribe restarts the run from the new cursor, without a second copy',
  async run(ctx) {
    const run = await ctx.seedRun('ws-resubscribe', runningEvents(6));
    const { socket } = await ctx.ws();
    const source: FrameSource = { kind: 'ws', frames: socket.frames };
    socket.send({ type: 'subscribe', run: run.id, after: 3 });
    const first = new FrameLog();
    await collectFrames(ctx, source, first, () => first.of(run.id).events.length >= 3, 'events after 3');
    ensureEqual(seqs(first.of(run.id).events), [4, 5, 6], 'seqs after 3');
    socket.send({ type: 'subscribe', run: run.id, after: 1 });
    const again = new FrameLog();
    await collectFrames(ctx, source, again, () => again.of(run.id).events.length >= 5, 'events after 1');
    await ctx.append(run.id, logLine('one copy'));
    await ctx.append(run.id, { type: 'status', status: 'succeeded' });
    await collectFrames(ctx, source, again, () => again.of(run.id).end !== undefined, 'end');
    ensureEqual(seqs(again.of(run.id).events), range(2, 8), 'seqs after subscribing again from 1');
  },
};

/** Checks: a cursor past lastSeq gets reset (ahead) with the snapshot, then live events. */
export const wsAheadReset: Check = {
  name: 'websocket: a cursor past lastSeq gets reset (ahead) with the snapshot, then live events',
  async run(ctx) {
    const run = await ctx.seedRun('ws-ahead', runningEvents(3));
    const { socket } = await ctx.ws();
    const source: FrameSource = { kind: 'ws', frames: socket.frames };
    socket.send({ type: 'subscribe', run: run.id, after: 50 });
    const log = new FrameLog();
    await collectFrames(ctx, source, log, () => log.of(run.id).resets.length > 0, 'reset');
    const reset = log.of(run.id).resets[0];
    ensure(reset?.reason === 'ahead', `reset reason ${reset?.reason}, expected ahead`);
    ensureEqual(reset.snapshot, await ctx.snapshot(run.id), 'reset snapshot vs GET snapshot');
    await ctx.append(run.id, logLine('after the reset'));
    await collectFrames(ctx, source, log, () => log.of(run.id).events.length > 0, 'the event after the reset');
    ensureEqual(seqs(log.of(run.id).events), [4], 'seqs after the reset');
  },
};

/** Checks: a cursor before the trimmed history gets reset (trimmed), then live events. */
export const wsTrimmedReset: Check = {
  name: 'websocket: a cursor before the trimmed history gets reset (trimmed), then live events',
  async run(ctx) {
    const keep = ctx.options.trimmedAfter ?? ctx.skip('needs --trimmed-after N');
    const { run, total } = await seedTrimmedRun(ctx, 'ws-trimmed', keep);
    const { socket } = await ctx.ws();
    const source: FrameSource = { kind: 'ws', frames: socket.frames };
    socket.send({ type: 'subscribe', run: run.id, after: 1 });
    const log = new FrameLog();
    await collectFrames(ctx, source, log, () => log.of(run.id).resets.length > 0, 'reset');
    const reset = log.of(run.id).resets[0];
    ensure(reset?.reason === 'trimmed', `reset reason ${reset?.reason}, expected trimmed`);
    ensure(reset.snapshot.seq === total, `reset snapshot seq ${reset.snapshot.seq}, expected ${total}`);
    await ctx.append(run.id, logLine('after the reset'));
    await collectFrames(ctx, source, log, () => log.of(run.id).events.length > 0, 'the event after the reset');
    ensureEqual(seqs(log.of(run.id).events), [total + 1], 'seqs after the reset');
  },
};

/** Checks: heartbeat frames within heartbeatMs carry each subscribed run's last seq. */
export const wsHeartbeat: Check = {
  name: "websocket: heartbeat frames within heartbeatMs carry each subscribed run's last seq",
  timeoutMs: heartbeatTimeout,
  async run(ctx) {
    const run = await ctx.seedRun('ws-heartbeat', runningEvents(2));
    const { socket, heartbeatMs } = await ctx.ws();
    if (heartbeatMs > ctx.options.heartbeatTimeoutMs) {
      ctx.skip(`heartbeatMs ${heartbeatMs} exceeds --heartbeat-timeout-ms ${ctx.options.heartbeatTimeoutMs}`);
    }
    const source: FrameSource = { kind: 'ws', frames: socket.frames };
    const limit = heartbeatMs + heartbeatSlackMs(heartbeatMs);
    // A socket with no subscription still needs beats: that is how a client tells it is alive.
    const idle = await nextFrame(ctx, source, `a heartbeat with no subscription (heartbeatMs ${heartbeatMs})`, limit);
    ensure(idle.type === 'heartbeat', `a socket with no subscription sent a ${idle.type} frame`);
    let previous = performance.now();
    socket.send({ type: 'subscribe', run: run.id, after: 2 });
    // The first beat after the subscribe may have been on its way already; the next must list it.
    for (let beats = 1; ; beats++) {
      const frame = await nextFrame(ctx, source, `heartbeat ${beats} (heartbeatMs ${heartbeatMs})`, limit);
      ensure(frame.type === 'heartbeat', `an idle subscription sent a ${frame.type} frame`);
      const gap = performance.now() - previous;
      previous = performance.now();
      ensure(gap <= limit, `heartbeat ${beats} came after ${Math.round(gap)} ms (heartbeatMs ${heartbeatMs})`);
      const seq = frame.runs?.[run.id];
      if (seq !== undefined) {
        ensure(seq === 2, `heartbeat says ${run.id} is at ${seq}, expected 2`);
        break;
      }
      ensure(beats === 1, `heartbeat ${beats} does not list the subscribed run: ${JSON.stringify(frame.runs)}`);
    }
    await ctx.append(run.id, logLine('moves the last seq'));
    const event = await nextFrame(ctx, source, 'the appended event');
    ensure(event.type === 'event' && event.event.seq === 3, `expected the event frame of seq 3, got ${event.type}`);
    const later = await nextFrame(ctx, source, 'a heartbeat after an event', limit);
    ensure(later.type === 'heartbeat', `expected a heartbeat, got ${later.type}`);
    ensure(later.runs?.[run.id] === 3, `a heartbeat after event 3 says ${JSON.stringify(later.runs)}`);
  },
};

/** Checks: a subscription to an unknown run gets a 404 error frame; the socket stays usable. */
export const wsUnknownRun: Check = {
  name: 'websocket: a subscription to an unknown run gets a 404 error frame; the socket stays usable',
  async run(ctx) {
    const run = await ctx.seedRun('ws-after-error', runningEvents(2));
    const missing = ctx.newRunId('missing');
    const { socket } = await ctx.ws();
    const source: FrameSource = { kind: 'ws', frames: socket.frames };
    socket.send({ type: 'subscribe', run: missing, after: 0 });
    socket.send({ type: 'subscribe', run: run.id, after: 0 });
    const log = new FrameLog();
    await collectFrames(
      ctx,
      source,
      log,
      () => log.of(missing).errors.length > 0 && log.of(run.id).events.length >= 2,
      'frames',
    );
    ensure(log.of(missing).errors[0]?.problem.status === 404, `the error frame's problem is not a 404`);
    ensureEqual(seqs(log.of(run.id).events), [1, 2], 'seqs of the run subscribed after the error');
  },
};

/** Checks: a client message with an unknown field closes the socket with 1008. */
export const wsStrictMessages: Check = {
  name: 'websocket: a client message with an unknown field closes the socket with 1008',
  async run(ctx) {
    const run = await ctx.createRun('ws-strict');
    const { socket } = await ctx.ws();
    socket.send({ type: 'subscribe', run: run.id, after: 0, from: 'the start' });
    ensure(
      await closedWithin(socket, ctx.options.waitMs),
      `the socket stayed open ${ctx.options.waitMs} ms after an unknown field`,
    );
    ensure(socket.closeCode === 1008, `closed with ${socket.closeCode}, expected 1008`);
  },
};

/** Checks of the WebSocket. */
export const websocketChecks: Check[] = [
  wsResumeEveryCursor,
  wsManyRuns,
  wsResubscribe,
  wsAheadReset,
  wsTrimmedReset,
  wsHeartbeat,
  wsUnknownRun,
  wsStrictMessages,
];
