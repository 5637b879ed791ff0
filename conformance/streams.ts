/**
 * Reading the contract's streams in checks: per-run SSE messages as typed events and
 * control messages, and stream frames (WebSocket, `/stream`, `/poll`) per run.
 * @module
 */
import * as v from 'valibot';
import {
  RESET_REASONS,
  RUN_STATUSES,
  RunEventSchema,
  RunSnapshotSchema,
  ServerFrameSchema,
  SseEventName,
  type RunEvent,
  type ServerFrame,
} from '../src/contract/index.js';
import { brief, CheckFailure, ensure } from './assert.js';
import type { CheckContext } from './context.js';
import { parseValue } from './http.js';
import type { SseMessage, SseStream } from './sse-client.js';

/** `data` of the per-run stream's `end`. */
export const EndDataSchema = v.object({ seq: v.pipe(v.number(), v.integer()), status: v.picklist(RUN_STATUSES) });
/** `data` of the per-run stream's `reset`. */
export const ResetDataSchema = v.object({ reason: v.picklist(RESET_REASONS), snapshot: RunSnapshotSchema });
/** `data` of the per-run stream's `heartbeat`. */
export const HeartbeatDataSchema = v.object({
  time: v.string(),
  seq: v.pipe(v.number(), v.integer()),
  intervalMs: v.pipe(v.number(), v.minValue(0)),
});

/** The JSON `data` of an SSE message, failing the check when it is not JSON. */
export function messageJson(message: SseMessage): unknown {
  try {
    return JSON.parse(message.data) as unknown;
  } catch {
    throw new CheckFailure(`SSE ${message.event} message data is not JSON: ${brief(message.data, 200)}`);
  }
}

/** A run event from an unnamed per-run SSE message; its `id:` must be its seq. */
export function sseEvent(message: SseMessage): RunEvent {
  ensure(message.event === 'message', `expected a run event (an unnamed message), got event: ${message.event}`);
  const event = parseValue(RunEventSchema, messageJson(message), 'SSE run event');
  ensure(message.id === String(event.seq), `SSE id: is ${JSON.stringify(message.id)}, expected the seq ${event.seq}`);
  return event;
}

/** The data of a named per-run SSE message, checked against its schema. */
export function sseData<S extends v.GenericSchema>(
  message: SseMessage,
  name: SseEventName,
  schema: S,
): v.InferOutput<S> {
  ensure(message.event === name, `expected event: ${name}, got ${message.event} ${brief(message.data, 200)}`);
  return parseValue(schema, messageJson(message), `SSE ${name} data`);
}

/** What a per-run SSE stream sent until the server closed it. */
export interface DrainedStream {
  events: RunEvent[];
  end: v.InferOutput<typeof EndDataSchema> | undefined;
  /** Whether anything came after `end` (it must not). */
  afterEnd: SseMessage[];
}

/** Reads a per-run stream to its end (heartbeats skipped) and expects the server to close it. */
export async function drainSse(ctx: CheckContext, stream: SseStream, what: string): Promise<DrainedStream> {
  const out: DrainedStream = { events: [], end: undefined, afterEnd: [] };
  // Heartbeats do not count as progress: a stream that only beats fails within waitMs.
  let deadline = performance.now() + ctx.options.waitMs;
  for (;;) {
    const got = await stream.messages.next(Math.max(0, deadline - performance.now()));
    if (got.kind === 'closed') return out;
    if (got.kind === 'timeout') {
      const state = out.end ? 'after end, the server did not close the stream' : 'no end arrived';
      throw new CheckFailure(`${what}: ${state} within ${ctx.options.waitMs} ms (got ${out.events.length} events)`);
    }
    const message = got.value;
    if (message.event === SseEventName.Heartbeat) continue;
    deadline = performance.now() + ctx.options.waitMs;
    if (message.event === SseEventName.Problem) {
      throw new CheckFailure(`${what}: the stream failed with a problem: ${brief(message.data, 200)}`);
    }
    if (out.end) out.afterEnd.push(message);
    else if (message.event === SseEventName.End) out.end = sseData(message, SseEventName.End, EndDataSchema);
    else out.events.push(sseEvent(message));
  }
}

/** Parses a stream frame, failing on one that does not fit the contract. */
export function frameOf(value: unknown, what: string): ServerFrame {
  return parseValue(ServerFrameSchema, value, what);
}

/** The run a frame is about, if any. */
export function frameRun(frame: ServerFrame): string | undefined {
  return 'run' in frame ? frame.run : undefined;
}

/** The seqs of a list of events, for messages and comparisons. */
export function seqs(events: readonly { seq: number }[]): number[] {
  return events.map((e) => e.seq);
}

/** `[from, from+1, …, to]`. */
export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
