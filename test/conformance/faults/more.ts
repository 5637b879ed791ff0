/**
 * More faults, one per remaining rule of the contract: seq numbering, the phase filled in
 * on log lines, list filters and paging, idempotency, error statuses and pointers, tenant
 * isolation, WebSocket close codes and client messages, resets.
 * @module
 */
import {
  editJson,
  EVENTS_PATH,
  MULTI_STREAM_PATH,
  POLL_PATH,
  RUN_STREAM_PATH,
  RUNS_PATH,
  SNAPSHOT_PATH,
  type Fault,
} from './fault.js';

const OTHER_TENANT = 'Bearer tenant-b-producer';

function parse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A per-run SSE `reset` block with its reason replaced. */
function resetAs(block: string, reason: string): string {
  const data = /^data: ?(.*)$/m.exec(block)?.[1];
  const parsed = data === undefined ? undefined : parse(data);
  return /^event: ?reset$/m.test(block) && parsed
    ? `event: reset\ndata: ${JSON.stringify({ ...parsed, reason })}`
    : block;
}

/** The remaining faults. */
export const moreFaults: Fault[] = [
  {
    name: 'append answers seqs one too high',
    breaks: 'seq starts at 1 and rises by exactly 1; the append answers firstSeq and lastSeq',
    caughtBy: ['events: seq starts at 1', 'fold: random event sequences'],
    hooks: {
      response: (req, res) => {
        if (req.method !== 'POST' || !EVENTS_PATH.test(req.path) || res.status !== 201) return;
        editJson(res, (body) => {
          body['firstSeq'] = Number(body['firstSeq']) + 1;
          body['lastSeq'] = Number(body['lastSeq']) + 1;
        });
      },
    },
  },
  {
    name: 'event pages leave out the phase of log lines',
    breaks: 'the server fills in the phase in effect on log lines',
    caughtBy: ['fold: random event sequences', 'events: GET logs?tail=N'],
    hooks: {
      response: (req, res) => {
        if (req.method !== 'GET' || !EVENTS_PATH.test(req.path) || res.status !== 200) return;
        editJson(res, (body) => {
          for (const event of body['events'] as Array<Record<string, unknown>>) {
            if (event['type'] === 'log') delete event['phase'];
          }
        });
      },
    },
  },
  {
    name: 'GET /runs ignores ?status=',
    breaks: '?status= answers only runs with that status',
    caughtBy: ['list: ?status= answers only runs with that status'],
    hooks: {
      request: (req) => {
        if (req.method === 'GET' && RUNS_PATH.test(req.path) && req.query.get('status') !== 'nonsense') {
          req.query.delete('status');
        }
        return undefined;
      },
    },
  },
  {
    name: 'GET /runs pages have no next',
    breaks: 'pass next as cursor for the next page',
    caughtBy: ['list: limit and cursor page through runs'],
    hooks: {
      response: (req, res) => {
        if (req.method === 'GET' && RUNS_PATH.test(req.path) && res.status === 200) {
          editJson(res, (body) => delete body['next']);
        }
      },
    },
  },
  {
    name: 'Idempotency-Key is ignored',
    breaks: 'a retry with the same key stores nothing and answers replayed: true; a bad key is 400',
    caughtBy: ['idempotency: a retried append', 'errors: an Idempotency-Key that is not'],
    hooks: {
      request: (req) => {
        delete req.headers['idempotency-key'];
        return undefined;
      },
    },
  },
  {
    name: 'a body that is not JSON is 422, not 400',
    breaks: 'a body that is not JSON is 400',
    caughtBy: ['errors: a body that is not JSON is 400'],
    hooks: {
      response: (req, res) => {
        if (
          req.method === 'POST' &&
          res.status === 400 &&
          req.body.length > 0 &&
          parse(req.body.toString()) === undefined
        ) {
          res.status = 422;
          editJson(res, (body) => (body['status'] = 422));
        }
      },
    },
  },
  {
    name: 'a body that is not application/json is 400, not 415',
    breaks: 'not application/json is 415',
    caughtBy: ['errors: a body that is not application/json is 415'],
    hooks: {
      response: (_req, res) => {
        if (res.status === 415) {
          res.status = 400;
          editJson(res, (body) => (body['status'] = 400));
        }
      },
    },
  },
  {
    name: 'a 422 lists no errors (no JSON pointers)',
    breaks: 'a 422 carries errors with a JSON pointer to each invalid field',
    caughtBy: ['errors: a field of the wrong type', 'errors: an unknown field', 'limits: producer times'],
    hooks: {
      response: (_req, res) => {
        if (res.status === 422) editJson(res, (body) => delete body['errors']);
      },
    },
  },
  {
    name: "another tenant's run is 403, not 404",
    breaks: 'a run of another tenant is 404, indistinguishable from an unknown run',
    caughtBy: ["auth: another tenant's run is 404"],
    hooks: {
      response: (req, res) => {
        if (req.headers['authorization'] === OTHER_TENANT && SNAPSHOT_PATH.test(req.path) && res.status === 404) {
          res.status = 403;
          editJson(res, (body) => (body['status'] = 403));
        }
      },
    },
  },
  {
    name: 'a WebSocket with an unknown token is closed with 1008, not 4401',
    breaks: 'an unknown token closes with 4401',
    caughtBy: ['auth: a WebSocket authenticating with an unknown token is closed with 4401'],
    hooks: { wsCloseCode: (code) => (code === 4401 ? 1008 : code) },
  },
  {
    name: 'a WebSocket client message with an unknown field is closed with 1000, not 1008',
    breaks: 'unknown fields close the connection with 1008',
    caughtBy: ['websocket: a client message with an unknown field closes the socket with 1008'],
    hooks: { wsCloseCode: (code) => (code === 1008 ? 1000 : code) },
  },
  {
    name: 'WebSocket unsubscribe is ignored',
    breaks: '{type:"unsubscribe", run} stops following the run',
    caughtBy: ['websocket: several runs on one socket, live, each in order; unsubscribe stops a run'],
    hooks: { wsFromClient: (frame) => (parse(frame)?.['type'] === 'unsubscribe' ? [] : [frame]) },
  },
  {
    name: 'poll resets a cursor ahead with reason trimmed',
    breaks: 'a cursor past lastSeq gets a reset frame with reason ahead',
    caughtBy: ['poll: a cursor past lastSeq gets a reset frame (ahead)'],
    hooks: {
      response: (req, res) => {
        if (!POLL_PATH.test(req.path) || res.status !== 200) return;
        editJson(res, (body) => {
          for (const frame of body['frames'] as Array<Record<string, unknown>>) {
            if (frame['type'] === 'reset') frame['reason'] = 'trimmed';
          }
        });
      },
    },
  },
  {
    name: 'multi-run SSE drops the reset frame of a cursor ahead',
    breaks: 'a cursor past lastSeq gets a reset frame (ahead), then live events',
    caughtBy: ['multi-run SSE: a cursor past lastSeq gets a reset frame (ahead)'],
    hooks: {
      sseMessage: (req, block) => {
        if (!MULTI_STREAM_PATH.test(req.path)) return [block];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        return data !== undefined && parse(data)?.['type'] === 'reset' ? [] : [block];
      },
    },
  },
  {
    name: 'per-run SSE resets a trimmed cursor with reason ahead',
    breaks: 'a cursor before the trimmed history gets reset (trimmed)',
    caughtBy: ['sse: a cursor before the trimmed history gets reset (trimmed)'],
    trimming: true,
    hooks: { sseMessage: (req, block) => [RUN_STREAM_PATH.test(req.path) ? resetAs(block, 'ahead') : block] },
  },
  {
    name: 'WebSocket resets a trimmed cursor with reason ahead',
    breaks: 'a cursor before the trimmed history gets reset (trimmed)',
    caughtBy: ['websocket: a cursor before the trimmed history gets reset (trimmed)'],
    trimming: true,
    hooks: {
      wsFromServer: (frame) => {
        const parsed = parse(frame);
        return [parsed?.['type'] === 'reset' ? JSON.stringify({ ...parsed, reason: 'ahead' }) : frame];
      },
    },
  },
];
