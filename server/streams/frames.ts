/**
 * Stream frames (docs/contract.md, "Stream frames") for the multiplexed transports:
 * `GET /stream`, `GET /poll` and the WebSocket all send the same JSON.
 * @module
 */
import type { HeartbeatFrame, Problem, ReadyFrame, ServerFrame } from '../../src/contract/index.js';
import type { RunEvent } from '../../src/contract/index.js';
import { eventJson } from './event-json.js';
import type { SubscriptionSink } from './sink.js';
import { sseMessage } from './sse-output.js';

/** A frame as JSON text; event frames reuse the event's cached JSON. */
export function eventFrameJson(run: string, event: RunEvent): string {
  return `{"type":"event","run":${JSON.stringify(run)},"event":${eventJson(event)}}`;
}

// An event object belongs to one run, but the run is checked anyway: a cache must never
// hand one run's frame to another.
const frameBytes = new WeakMap<RunEvent, { run: string; bytes: Buffer }>();
const frameSse = new WeakMap<RunEvent, { run: string; bytes: Buffer }>();

function cached(
  cache: WeakMap<RunEvent, { run: string; bytes: Buffer }>,
  run: string,
  event: RunEvent,
  encode: (json: string) => string,
): Buffer {
  const hit = cache.get(event);
  if (hit?.run === run) return hit.bytes;
  const bytes = Buffer.from(encode(eventFrameJson(run, event)));
  cache.set(event, { run, bytes });
  return bytes;
}

/** The event frame's JSON as bytes (a WebSocket text frame's payload), encoded once per event. */
export function eventFrameBytes(run: string, event: RunEvent): Buffer {
  return cached(frameBytes, run, event, (json) => json);
}

/** The event frame as one `GET /stream` SSE message, encoded once per event. */
export function eventFrameSse(run: string, event: RunEvent): Buffer {
  return cached(frameSse, run, event, (json) => sseMessage(json));
}

/** The `ready` frame. */
export function readyFrame(heartbeatMs: number): ReadyFrame {
  return { type: 'ready', heartbeatMs };
}

/** A heartbeat with the last seq delivered of each followed run. */
export function heartbeatFrame(time: Date, runs: Iterable<{ runId: string; cursor: number }>): HeartbeatFrame {
  // No prototype: `seqs['__proto__'] = 5` on a plain object sets its prototype instead of a key.
  const seqs = Object.create(null) as Record<string, number>;
  for (const sub of runs) seqs[sub.runId] = sub.cursor;
  return { type: 'heartbeat', time: time.toISOString(), runs: seqs };
}

/** An `error` frame for one run, or the whole connection without `run`. */
export function errorFrame(problem: Problem, run?: string): ServerFrame {
  return run === undefined ? { type: 'error', problem } : { type: 'error', run, problem };
}

/**
 * A subscription sink that writes frames of `run` through `send`. `done` runs after
 * `end` or `error`, when the subscription is over. Event frames go to `sendEvent`, so a
 * transport can send bytes encoded once per event for all its subscribers.
 */
export function frameSink(
  run: string,
  send: (json: string) => void,
  room: () => Promise<void> | undefined,
  done: () => void,
  sendEvent: (event: RunEvent) => void = (event) => send(eventFrameJson(run, event)),
): SubscriptionSink {
  return {
    event: sendEvent,
    reset: (reason, snapshot) => send(JSON.stringify({ type: 'reset', run, reason, snapshot } satisfies ServerFrame)),
    end: (seq, status) => {
      send(JSON.stringify({ type: 'end', run, seq, status } satisfies ServerFrame));
      done();
    },
    error: (problem) => {
      send(JSON.stringify(errorFrame(problem, run)));
      done();
    },
    room,
  };
}
