/**
 * Faults in the WebSocket and in poll answers, planted by the proxy: frames dropped,
 * repeated or changed.
 * @module
 */
import { editJson, POLL_PATH, type Fault } from './fault.js';

function parse(frame: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(frame) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Faults of the WebSocket and of poll. */
export const websocketFaults: Fault[] = [
  {
    name: 'WebSocket sends every event frame twice',
    breaks: 'every event once, in order',
    caughtBy: ['websocket: subscribe resumes from every cursor', 'catch-up: WebSocket subscribers'],
    hooks: { wsFromServer: (frame) => (parse(frame)?.['type'] === 'event' ? [frame, frame] : [frame]) },
  },
  {
    name: 'WebSocket sends no end frame',
    breaks: 'an end frame when the run ended',
    caughtBy: ['websocket: subscribe resumes from every cursor'],
    hooks: { wsFromServer: (frame) => (parse(frame)?.['type'] === 'end' ? [] : [frame]) },
  },
  {
    name: 'WebSocket heartbeats state each run one seq behind',
    breaks: 'a heartbeat every heartbeatMs with the last seq of each subscribed run',
    caughtBy: ['websocket: heartbeat frames within heartbeatMs'],
    hooks: {
      wsFromServer: (frame) => {
        const parsed = parse(frame);
        if (parsed?.['type'] !== 'heartbeat' || typeof parsed['runs'] !== 'object' || parsed['runs'] === null)
          return [frame];
        const runs = Object.fromEntries(Object.entries(parsed['runs']).map(([id, seq]) => [id, Number(seq) - 1]));
        return [JSON.stringify({ ...parsed, runs })];
      },
    },
  },
  {
    name: 'WebSocket ready frame has no heartbeatMs',
    breaks: '{type:"ready", heartbeatMs} after the connection is accepted',
    caughtBy: ['websocket: subscribe resumes from every cursor'],
    hooks: {
      wsFromServer: (frame) => {
        const parsed = parse(frame);
        if (parsed?.['type'] !== 'ready') return [frame];
        return [JSON.stringify({ type: 'ready' })];
      },
    },
  },
  {
    name: 'WebSocket answers an unknown run with no error frame',
    breaks: 'unknown or forbidden runs get an error frame with a 404 problem',
    caughtBy: ['websocket: a subscription to an unknown run gets a 404 error frame'],
    hooks: { wsFromServer: (frame) => (parse(frame)?.['type'] === 'error' ? [] : [frame]) },
  },
  {
    name: 'poll sends no end frame for an ended run',
    breaks: 'poll answers end as it applies',
    caughtBy: ['poll: frames past each cursor'],
    hooks: {
      response: (req, res) => {
        if (!POLL_PATH.test(req.path) || res.status !== 200) return;
        editJson(res, (body) => {
          body['frames'] = (body['frames'] as Array<{ type: string }>).filter((f) => f.type !== 'end');
        });
      },
    },
  },
];
