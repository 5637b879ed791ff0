/**
 * Stream frames (docs/contract.md, "Stream frames") for the multiplexed transports:
 * `GET /stream`, `GET /poll` and the WebSocket all send the same JSON.
 * @module
 */
import type { HeartbeatFrame, Problem, ReadyFrame, ServerFrame } from '../../src/contract/index.js';
import type { RunEvent } from '../../src/contract/index.js';
import { eventJson } from './event-json.js';
import type { SubscriptionSink } from './sink.js';

/** A frame as JSON text; event frames reuse the event's cached JSON. */
export function eventFrameJson(run: string, event: RunEvent): string {
  return `{"type":"event","run":${JSON.stringify(run)},"event":${eventJson(event)}}`;
}

/** The `ready` frame. */
export function readyFrame(heartbeatMs: number): ReadyFrame {
  return { type: 'ready', heartbeatMs };
}

/** A heartbeat with the last seq delivered of each followed run. */
export function heartbeatFrame(time: Date, runs: Iterable<{ runId: string; cursor: number }>): HeartbeatFrame {
  const seqs: Record<string, number> = {};
  for (const sub of runs) seqs[sub.runId] = sub.cursor;
  return { type: 'heartbeat', time: time.toISOString(), runs: seqs };
}

/** An `error` frame for one run, or the whole connection without `run`. */
export function errorFrame(problem: Problem, run?: string): ServerFrame {
  return run === undefined ? { type: 'error', problem } : { type: 'error', run, problem };
}

/**
 * A subscription sink that writes frames of `run` through `send`. `done` runs after
 * `end` or `error`, when the subscription is over.
 */
export function frameSink(
  run: string,
  send: (json: string) => void,
  room: () => Promise<void> | undefined,
  done: () => void,
): SubscriptionSink {
  return {
    event: (event) => send(eventFrameJson(run, event)),
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
