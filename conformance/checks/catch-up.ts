/**
 * The classic resume race: a reader that connects while a producer is appending must get
 * every event exactly once, whether it arrives in the backlog read or live. A server that
 * reads the backlog and subscribes to new events as two steps loses or repeats the events
 * appended between them; these checks open readers at staggered moments of a stream of
 * appends, on every streaming transport.
 * @module
 */
import type { RunEvent } from '../../src/contract/index.js';
import { ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { logLine, runningEvents } from '../fixtures.js';
import { collectFrames, FrameLog, type FrameSource } from '../frames.js';
import { range, seqs, sseEvent } from '../streams.js';

const SEEDED = 5;
const APPENDS = 40;
const READERS = 5;
const TOTAL = SEEDED + APPENDS;

/** Reads a run from seq 0 until it has seen seq `total`; answers what it received. */
type Reader = (ctx: CheckContext, runId: string, total: number) => Promise<RunEvent[]>;

async function catchUpUnderAppends(ctx: CheckContext, label: string, read: Reader): Promise<void> {
  const run = await ctx.seedRun(label, runningEvents(SEEDED));
  const readers: Promise<RunEvent[]>[] = [];
  for (let i = 0; i < APPENDS; i++) {
    if (i % (APPENDS / READERS) === 0) {
      const reader = read(ctx, run.id, TOTAL);
      // A reader may fail while appends go on; Promise.all below reports it, so until then
      // its rejection is handled (else Node reports it as unhandled, outside the check).
      reader.catch(() => {});
      readers.push(reader);
    }
    await ctx.append(run.id, logLine(`appended while readers connect ${i}`));
  }
  const received = await Promise.all(readers);
  received.forEach((events, i) => ensureEqual(seqs(events), range(1, TOTAL), `seqs seen by reader ${i + 1}`));
}

const readSse: Reader = async (ctx, runId, total) => {
  const stream = await ctx.sse(ctx.paths.stream(runId), { query: { after: 0 } });
  const out: RunEvent[] = [];
  while ((out.at(-1)?.seq ?? 0) < total) out.push(sseEvent(await ctx.expectSse(stream, `event ${out.length + 1}`)));
  stream.close();
  return out;
};

async function readFrames(ctx: CheckContext, source: FrameSource, runId: string, total: number) {
  const log = new FrameLog();
  const last = () => log.of(runId).events.at(-1)?.seq ?? 0;
  await collectFrames(ctx, source, log, () => last() >= total, `events 1-${total}`);
  return log.of(runId).events;
}

const readWs: Reader = async (ctx, runId, total) => {
  const { socket } = await ctx.ws();
  socket.send({ type: 'subscribe', run: runId, after: 0 });
  const events = await readFrames(ctx, { kind: 'ws', frames: socket.frames }, runId, total);
  socket.close();
  return events;
};

const readMulti: Reader = async (ctx, runId, total) => {
  const stream = await ctx.sse(ctx.paths.multiStream(), { query: { runs: `${runId}:0` } });
  const events = await readFrames(ctx, { kind: 'sse', stream }, runId, total);
  stream.close();
  return events;
};

/** Checks: SSE readers connecting during appends get every event once, in order. */
export const sseCatchUp: Check = {
  name: 'catch-up: SSE readers connecting during appends get every event once, in order',
  run: (ctx) => catchUpUnderAppends(ctx, 'race-sse', readSse),
};

/** Checks: multi-run SSE readers connecting during appends get every event once, in order. */
export const multiCatchUp: Check = {
  name: 'catch-up: multi-run SSE readers connecting during appends get every event once, in order',
  run: (ctx) => catchUpUnderAppends(ctx, 'race-multi', readMulti),
};

/** Checks: WebSocket subscribers during appends get every event once, in order. */
export const wsCatchUp: Check = {
  name: 'catch-up: WebSocket subscribers during appends get every event once, in order',
  run: (ctx) => catchUpUnderAppends(ctx, 'race-ws', readWs),
};

/** Checks of resuming while a run is being written. */
export const catchUpChecks: Check[] = [sseCatchUp, multiCatchUp, wsCatchUp];
