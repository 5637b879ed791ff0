/**
 * Faults in the SSE streams (per run and multi-run), planted by the proxy: messages
 * dropped, repeated or changed, headers lost, the cursor ignored.
 * @module
 */
import { MULTI_STREAM_PATH, RUN_STREAM_PATH, type Fault } from './fault.js';

/** The `id:` of an SSE block, if it has one. */
function idOf(block: string): number | undefined {
  const match = /^id: ?(\d+)$/m.exec(block);
  return match ? Number(match[1]) : undefined;
}

/** The `event:` name of an SSE block (`message` when unnamed). */
function nameOf(block: string): string {
  return /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
}

/** The JSON `data:` of a block, or undefined. */
function frameOf(block: string): Record<string, unknown> | undefined {
  const data = /^data: ?(.*)$/m.exec(block)?.[1];
  if (data === undefined) return undefined;
  try {
    return JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Faults of the SSE transports. */
export const sseFaults: Fault[] = [
  {
    name: 'per-run SSE skips the event with seq 3',
    breaks: 'a stream resumes with exactly the rest: every event once, in order',
    caughtBy: ['sse: Last-Event-ID resumes from every cursor', 'sse: ?after resumes from every cursor'],
    hooks: { sseMessage: (req, block) => (RUN_STREAM_PATH.test(req.path) && idOf(block) === 3 ? [] : [block]) },
  },
  {
    name: 'per-run SSE sends the event with seq 2 twice',
    breaks: 'every event once',
    caughtBy: ['sse: Last-Event-ID resumes from every cursor', 'sse: ?after resumes from every cursor'],
    hooks: {
      sseMessage: (req, block) => (RUN_STREAM_PATH.test(req.path) && idOf(block) === 2 ? [block, block] : [block]),
    },
  },
  {
    name: 'per-run SSE sends no heartbeats',
    breaks: 'event: heartbeat every intervalMs with the last seq',
    caughtBy: ['sse: heartbeats come within the advertised interval'],
    hooks: {
      sseMessage: (req, block) => (RUN_STREAM_PATH.test(req.path) && nameOf(block) === 'heartbeat' ? [] : [block]),
    },
  },
  {
    name: 'per-run SSE heartbeats carry seq 0',
    breaks: 'a heartbeat carries the run’s last seq',
    caughtBy: ['sse: heartbeats come within the advertised interval'],
    hooks: {
      sseMessage: (req, block) => {
        const data = frameOf(block);
        if (!RUN_STREAM_PATH.test(req.path) || nameOf(block) !== 'heartbeat' || !data) return [block];
        return [`event: heartbeat\ndata: ${JSON.stringify({ ...data, seq: 0 })}`];
      },
    },
  },
  {
    name: 'per-run SSE has no X-Accel-Buffering: no',
    breaks: 'text/event-stream with Cache-Control: no-cache, no-transform and X-Accel-Buffering: no',
    caughtBy: ['sse: text/event-stream without buffering'],
    hooks: {
      streamHead: (req, head) => {
        if (RUN_STREAM_PATH.test(req.path)) delete head.headers['x-accel-buffering'];
      },
    },
  },
  {
    name: 'per-run SSE names its run events (event: progress/log/status)',
    breaks: 'run events are unnamed messages',
    caughtBy: ['sse: text/event-stream without buffering'],
    hooks: {
      sseMessage: (req, block) => {
        const event = frameOf(block);
        if (!RUN_STREAM_PATH.test(req.path) || idOf(block) === undefined || !event) return [block];
        return [`event: ${String(event['type'])}\n${block}`];
      },
    },
  },
  {
    name: 'per-run SSE ignores Last-Event-ID',
    breaks: 'the cursor is the Last-Event-ID header, else ?after',
    caughtBy: ['sse: Last-Event-ID resumes from every cursor', 'sse: Last-Event-ID takes precedence'],
    hooks: {
      request: (req) => {
        delete req.headers['last-event-id'];
        return undefined;
      },
    },
  },
  {
    name: 'per-run SSE sends no end after the terminal status',
    breaks: 'event: end after the terminal status event, then the server closes',
    caughtBy: ['sse: Last-Event-ID resumes from every cursor', 'sse: a run with no events yet streams them live'],
    hooks: { sseMessage: (req, block) => (RUN_STREAM_PATH.test(req.path) && nameOf(block) === 'end' ? [] : [block]) },
  },
  {
    name: 'per-run SSE resets with reason trimmed for a cursor ahead',
    breaks: 'a cursor past the last seq resets with reason ahead',
    caughtBy: ['sse: a cursor past lastSeq gets reset (ahead)'],
    hooks: {
      sseMessage: (req, block) => {
        const data = frameOf(block);
        if (!RUN_STREAM_PATH.test(req.path) || nameOf(block) !== 'reset' || !data) return [block];
        return [`event: reset\ndata: ${JSON.stringify({ ...data, reason: 'trimmed' })}`];
      },
    },
  },
  {
    name: 'multi-run SSE sends no ready frame',
    breaks: 'GET /stream sends ready first',
    caughtBy: ['multi-run SSE: ready, then each run from its cursor'],
    hooks: {
      sseMessage: (req, block) =>
        MULTI_STREAM_PATH.test(req.path) && frameOf(block)?.['type'] === 'ready' ? [] : [block],
    },
  },
  {
    name: 'multi-run SSE heartbeats carry no runs',
    breaks: "heartbeat frames carry each subscribed run's last seq",
    caughtBy: ['multi-run SSE: heartbeat frames within heartbeatMs'],
    hooks: {
      sseMessage: (req, block) => {
        const frame = frameOf(block);
        if (!MULTI_STREAM_PATH.test(req.path) || frame?.['type'] !== 'heartbeat') return [block];
        const { runs: _runs, ...rest } = frame;
        return [`data: ${JSON.stringify(rest)}`];
      },
    },
  },
];
