/**
 * The multiplexed HTTP transports: `GET /stream` (SSE of stream frames) and `GET /poll`
 * (one answer of frames), both for many runs at their own cursors.
 * @module
 */
import * as v from 'valibot';
import { formatRunCursors, ServerFrameSchema } from '../../src/contract/index.js';
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { finishedEvents, logLine, runningEvents } from '../fixtures.js';
import { collectFrames, FrameLog, nextFrame, type FrameSource } from '../frames.js';
import { ensureStatus, parseBody } from '../http.js';
import { range, seqs } from '../streams.js';
import { advertisedHeartbeatMs, heartbeatSlackMs, heartbeatTimeout } from './heartbeat.js';

const PollSchema = v.object({ frames: v.array(ServerFrameSchema) });

/** An ended run of 4 events, a running run of 3, and an id that does not exist. */
async function threeRuns(ctx: CheckContext) {
  const ended = await ctx.seedRun('mx-ended', finishedEvents(4));
  const running = await ctx.seedRun('mx-running', runningEvents(3));
  return { ended, running, missing: ctx.newRunId('missing'), endedEvents: await ctx.allEvents(ended.id) };
}

/** Checks: ready, then each run from its cursor, end for ended runs, 404 error for a missing one. */
export const multiStream: Check = {
  name: 'multi-run SSE: ready, then each run from its cursor, end for ended runs, 404 error for a missing one',
  async run(ctx) {
    const { ended, running, missing, endedEvents } = await threeRuns(ctx);
    const caughtUp = await ctx.seedRun('mx-caught-up', finishedEvents(2, 'failed'));
    const runs = formatRunCursors([
      { run: ended.id, after: 1 },
      { run: running.id, after: 0 },
      { run: missing, after: 0 },
      { run: caughtUp.id, after: 2 },
    ]);
    const stream = await ctx.sse(ctx.paths.multiStream(), { query: { runs } });
    ensure(stream.status === 200, `GET /stream answered ${stream.status}: ${stream.text.slice(0, 200)}`);
    const source: FrameSource = { kind: 'sse', stream };
    const first = await nextFrame(ctx, source, 'the ready frame');
    ensure(first.type === 'ready', `the first frame is ${first.type}, expected ready`);
    const log = new FrameLog();
    const complete = () =>
      log.of(ended.id).end !== undefined &&
      log.of(running.id).events.length >= 3 &&
      log.of(missing).errors.length > 0 &&
      log.of(caughtUp.id).end !== undefined;
    await collectFrames(ctx, source, log, complete, 'frames of four runs');
    ensureEqual(
      log.of(caughtUp.id).end,
      { type: 'end', run: caughtUp.id, seq: 2, status: 'failed' },
      'end at the last seq',
    );
    ensure(log.of(caughtUp.id).events.length === 0, 'a run followed from its terminal seq sent events');
    ensureEqual(log.of(ended.id).events, endedEvents.slice(1), `events of the ended run after 1`);
    ensureEqual(log.of(ended.id).end, { type: 'end', run: ended.id, seq: 4, status: 'succeeded' }, 'end frame');
    ensureEqual(seqs(log.of(running.id).events), range(1, 3), `seqs of the running run`);
    ensure(log.of(missing).errors[0]?.problem.status === 404, `the missing run's error frame is not a 404 problem`);
    await ctx.append(running.id, logLine('live'));
    await collectFrames(ctx, source, log, () => log.of(running.id).events.length >= 4, 'the live event');
    ensureEqual(seqs(log.of(running.id).events), range(1, 4), 'seqs of the running run after an append');
  },
};

/** Checks: a cursor past lastSeq gets a reset frame (ahead), then live events. */
export const multiStreamAheadReset: Check = {
  name: 'multi-run SSE: a cursor past lastSeq gets a reset frame (ahead), then live events',
  async run(ctx) {
    const run = await ctx.seedRun('mx-ahead', runningEvents(3));
    const stream = await ctx.sse(ctx.paths.multiStream(), { query: { runs: `${run.id}:50` } });
    const source: FrameSource = { kind: 'sse', stream };
    const log = new FrameLog();
    await collectFrames(ctx, source, log, () => log.of(run.id).resets.length > 0, 'reset');
    const reset = log.of(run.id).resets[0];
    ensure(reset?.reason === 'ahead', `reset reason ${reset?.reason}, expected ahead`);
    ensure(reset.snapshot.seq === 3, `reset snapshot seq ${reset.snapshot.seq}, expected 3`);
    await ctx.append(run.id, logLine('after the reset'));
    await collectFrames(ctx, source, log, () => log.of(run.id).events.length > 0, 'the event after the reset');
    ensureEqual(seqs(log.of(run.id).events), [4], 'seqs after the reset');
  },
};

/** Checks: heartbeat frames within heartbeatMs carry each run's last seq. */
export const multiStreamHeartbeat: Check = {
  name: "multi-run SSE: heartbeat frames within heartbeatMs carry each run's last seq",
  timeoutMs: heartbeatTimeout,
  async run(ctx) {
    const run = await ctx.seedRun('mx-heartbeat', runningEvents(2));
    const interval = await advertisedHeartbeatMs(ctx, run.id);
    const stream = await ctx.sse(ctx.paths.multiStream(), { query: { runs: `${run.id}:2` } });
    const source: FrameSource = { kind: 'sse', stream };
    let previous = performance.now();
    let beats = 0;
    while (beats < 2) {
      const limit = interval + heartbeatSlackMs(interval);
      const frame = await nextFrame(ctx, source, `heartbeat ${beats + 1} (heartbeatMs ${interval})`, limit);
      if (frame.type === 'ready') continue;
      ensure(frame.type === 'heartbeat', `an idle stream sent a ${frame.type} frame`);
      const gap = performance.now() - previous;
      previous = performance.now();
      beats += 1;
      ensure(gap <= limit, `heartbeat ${beats} came after ${Math.round(gap)} ms (heartbeatMs ${interval})`);
      ensure(frame.runs?.[run.id] === 2, `heartbeat runs is ${JSON.stringify(frame.runs)}, expected {"${run.id}":2}`);
    }
  },
};

/** Checks: frames past each cursor (limit per run), end for the ended run, 404 error for a missing one. */
export const pollFrames: Check = {
  name: 'poll: frames past each cursor (limit per run), end for the ended run, 404 error for a missing one',
  async run(ctx) {
    const { ended, running, missing, endedEvents } = await threeRuns(ctx);
    const runs = formatRunCursors([
      { run: ended.id, after: 1 },
      { run: running.id, after: 0 },
      { run: missing, after: 0 },
    ]);
    const res = await ctx.get(ctx.paths.poll(), { query: { runs } });
    ensureStatus(res, 200);
    const log = new FrameLog();
    for (const frame of parseBody(PollSchema, res, 'poll answer').frames) log.add(frame);
    ensure(
      log.other.length === 0 && log.heartbeats.length === 0,
      'poll answered ready, heartbeat or connection frames',
    );
    ensureEqual(log.of(ended.id).events, endedEvents.slice(1), 'events of the ended run after 1');
    ensureEqual(log.of(ended.id).end, { type: 'end', run: ended.id, seq: 4, status: 'succeeded' }, 'end frame');
    ensureEqual(seqs(log.of(running.id).events), range(1, 3), 'seqs of the running run');
    ensure(log.of(running.id).end === undefined, 'poll sent end for a running run');
    ensure(log.of(missing).errors[0]?.problem.status === 404, `the missing run has no 404 error frame`);
    const limited = await ctx.get(ctx.paths.poll(), { query: { runs, limit: 1 } });
    ensureStatus(limited, 200);
    const small = new FrameLog();
    for (const frame of parseBody(PollSchema, limited, 'poll answer').frames) small.add(frame);
    ensureEqual(seqs(small.of(running.id).events), [1], 'seqs of the running run with limit=1');
    ensureEqual(seqs(small.of(ended.id).events), [2], 'seqs of the ended run with limit=1');
    ensure(small.of(ended.id).end === undefined, "poll with limit=1 sent end before the run's last events");
    const caughtUp = await ctx.get(ctx.paths.poll(), { query: { runs: `${ended.id}:4` } });
    ensureStatus(caughtUp, 200);
    const done = new FrameLog();
    for (const frame of parseBody(PollSchema, caughtUp, 'poll answer').frames) done.add(frame);
    ensureEqual(
      done.of(ended.id).end,
      { type: 'end', run: ended.id, seq: 4, status: 'succeeded' },
      'end frame at the last seq',
    );
    ensure(done.of(ended.id).events.length === 0, 'poll at the last seq of an ended run sent events');
  },
};

/** Checks: a cursor past lastSeq gets a reset frame (ahead) with the snapshot. */
export const pollAheadReset: Check = {
  name: 'poll: a cursor past lastSeq gets a reset frame (ahead) with the snapshot',
  async run(ctx) {
    const run = await ctx.seedRun('poll-ahead', runningEvents(3));
    const res = await ctx.get(ctx.paths.poll(), { query: { runs: `${run.id}:50` } });
    ensureStatus(res, 200);
    const log = new FrameLog();
    for (const frame of parseBody(PollSchema, res, 'poll answer').frames) log.add(frame);
    const reset = log.of(run.id).resets[0];
    ensure(reset, `no reset frame for a cursor ahead (got ${log.describe()})`);
    ensure(reset.reason === 'ahead', `reset reason ${reset.reason}, expected ahead`);
    ensure(reset.snapshot.seq === 3, `reset snapshot seq ${reset.snapshot.seq}, expected 3`);
    ensure(log.of(run.id).events.length === 0, 'poll sent events with a cursor it could not resume');
  },
};

/** Checks of the multiplexed HTTP transports. */
export const multiplexedChecks: Check[] = [
  multiStream,
  multiStreamAheadReset,
  multiStreamHeartbeat,
  pollFrames,
  pollAheadReset,
];
