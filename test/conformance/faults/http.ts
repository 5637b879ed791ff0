/**
 * Faults in REST answers, planted by the proxy: a status, a header, a query, a body.
 * @module
 */
import { MAX_LOG_TEXT, MAX_PAGE, MAX_TIME_AHEAD_MS, MAX_TIME_BEHIND_MS } from '../../../src/contract/index.js';
import {
  appendedEvents,
  editRequestJson,
  EVENTS_PATH,
  LOGS_PATH,
  POLL_PATH,
  problemAnswer,
  RUN_STREAM_PATH,
  RUNS_PATH,
  SNAPSHOT_PATH,
  type Fault,
} from './fault.js';

/** Faults of HEAD, limits, status codes and headers of the REST API. */
export const httpFaults: Fault[] = [
  {
    name: 'HEAD on the events page is 405',
    breaks: 'every GET except the streams also answers HEAD',
    caughtBy: ['head: '],
    hooks: {
      request: (req) =>
        req.method === 'HEAD' && EVENTS_PATH.test(req.path) ? problemAnswer(405, 'no HEAD') : undefined,
    },
  },
  {
    name: 'HEAD on the snapshot has no ETag',
    breaks: 'HEAD answers the same headers as GET',
    caughtBy: ['head: '],
    hooks: {
      response: (req, res) => {
        if (req.method === 'HEAD' && SNAPSHOT_PATH.test(req.path)) delete res.headers['etag'];
      },
    },
  },
  {
    name: 'HEAD on the list says text/plain',
    breaks: 'HEAD answers the same headers as GET',
    caughtBy: ['head: '],
    hooks: {
      response: (req, res) => {
        if (req.method === 'HEAD' && RUNS_PATH.test(req.path)) res.headers['content-type'] = 'text/plain';
      },
    },
  },
  {
    name: `an events limit above ${MAX_PAGE} is refused with 400`,
    breaks: 'a value above a maximum is clamped to it',
    caughtBy: ['limits: events limit, logs tail and poll limit'],
    hooks: {
      request: (req) =>
        EVENTS_PATH.test(req.path) && Number(req.query.get('limit')) > MAX_PAGE
          ? problemAnswer(400, 'limit too large')
          : undefined,
    },
  },
  {
    name: 'a poll without limit answers up to 5000 events per run (default taken as the maximum)',
    breaks: 'the poll limit defaults to 1000',
    caughtBy: ['limits: events limit, logs tail and poll limit'],
    hooks: {
      request: (req) => {
        if (POLL_PATH.test(req.path) && !req.query.has('limit')) req.query.set('limit', String(MAX_PAGE));
        return undefined;
      },
    },
  },
  {
    name: 'a poll limit above 5000 is refused with 400',
    breaks: 'the poll limit is clamped to 5000',
    caughtBy: ['limits: events limit, logs tail and poll limit'],
    hooks: {
      request: (req) =>
        POLL_PATH.test(req.path) && Number(req.query.get('limit')) > MAX_PAGE ? problemAnswer(400, 'limit') : undefined,
    },
  },
  {
    name: 'logs without tail answer 5000 lines',
    breaks: 'the log tail defaults to 200',
    caughtBy: ['limits: events limit, logs tail and poll limit'],
    hooks: {
      request: (req) => {
        if (LOGS_PATH.test(req.path) && !req.query.has('tail')) req.query.set('tail', String(MAX_PAGE));
        return undefined;
      },
    },
  },
  {
    name: `a log line of exactly ${MAX_LOG_TEXT} characters is refused (an off-by-one)`,
    breaks: 'log text up to 1 MiB is accepted',
    caughtBy: ['limits: exactly at each limit'],
    hooks: {
      request: (req) => {
        const size = req.body.length;
        if (req.method !== 'POST' || !EVENTS_PATH.test(req.path) || size < MAX_LOG_TEXT || size > 2 * MAX_LOG_TEXT) {
          return undefined;
        }
        let atLimit = false;
        editRequestJson(req, (body) => {
          atLimit = appendedEvents(body).some((e) => typeof e['text'] === 'string' && e['text'].length >= MAX_LOG_TEXT);
        });
        return atLimit ? problemAnswer(422, 'text too long') : undefined;
      },
    },
  },
  {
    name: 'producer times outside the window are accepted (replaced with the server clock)',
    breaks: 'a time more than 5 minutes ahead or 7 days behind is refused with 422',
    caughtBy: ['limits: producer times'],
    hooks: {
      request: (req) => {
        if (req.method !== 'POST' || !EVENTS_PATH.test(req.path)) return undefined;
        editRequestJson(req, (body) => {
          for (const event of appendedEvents(body)) {
            const time = Date.parse(String(event['time']));
            const offset = time - Date.now();
            if (offset > MAX_TIME_AHEAD_MS || offset < -MAX_TIME_BEHIND_MS) delete event['time'];
            for (const step of (event['steps'] as Array<Record<string, unknown>> | undefined) ?? []) {
              for (const key of ['startedAt', 'endedAt']) {
                const at = Date.parse(String(step[key]));
                if (at - Date.now() > MAX_TIME_AHEAD_MS || at - Date.now() < -MAX_TIME_BEHIND_MS) delete step[key];
              }
            }
          }
        });
        return undefined;
      },
    },
  },
  {
    name: 'a list without limit answers up to 100 runs (default taken as the maximum)',
    breaks: 'the list limit defaults to 20',
    caughtBy: ['list: without limit, a page holds at most 20 runs and has next'],
    hooks: {
      request: (req) => {
        if (req.method === 'GET' && RUNS_PATH.test(req.path) && !req.query.has('limit')) req.query.set('limit', '100');
        return undefined;
      },
    },
  },
  {
    name: 'a list limit above 100 is refused with 400',
    breaks: 'a value above a maximum is clamped to it (limit=500 on GET /runs answers at most 100)',
    caughtBy: ['list: a bad status, cursor or limit is 400; a limit over 100 is clamped'],
    hooks: {
      request: (req) =>
        req.method === 'GET' && RUNS_PATH.test(req.path) && Number(req.query.get('limit')) > 100
          ? problemAnswer(400, 'limit')
          : undefined,
    },
  },
  {
    name: 'a created run has no Location',
    breaks: 'POST /runs answers 201 with the snapshot and Location',
    caughtBy: ['snapshot: POST /runs answers 201'],
    hooks: {
      response: (req, res) => {
        if (req.method === 'POST' && RUNS_PATH.test(req.path)) delete res.headers['location'];
      },
    },
  },
  {
    name: 'a taken run id is 400, not 409',
    breaks: '409 if id exists',
    caughtBy: ['snapshot: POST /runs answers 201'],
    hooks: {
      response: (req, res) => {
        if (req.method === 'POST' && RUNS_PATH.test(req.path) && res.status === 409) res.status = 400;
      },
    },
  },
  {
    name: 'If-None-Match is ignored (never 304)',
    breaks: 'a request with a matching If-None-Match gets 304 with no body',
    caughtBy: ['snapshot: ETag, 304 on If-None-Match'],
    hooks: {
      request: (req) => {
        delete req.headers['if-none-match'];
        return undefined;
      },
    },
  },
  {
    name: 'a 404 is application/json, not a problem',
    breaks: 'every error is an RFC 9457 problem (application/problem+json)',
    caughtBy: ['errors: an unknown run is 404 on every endpoint'],
    hooks: {
      response: (_req, res) => {
        if (res.status === 404) res.headers['content-type'] = 'application/json';
      },
    },
  },
  {
    name: 'a 401 has no WWW-Authenticate',
    breaks: '401 carries WWW-Authenticate: Bearer',
    caughtBy: ['auth: no token or an unknown token is 401'],
    hooks: {
      response: (_req, res) => {
        if (res.status === 401) delete res.headers['www-authenticate'];
      },
    },
  },
  {
    name: 'a reader token may append (403 becomes 201)',
    breaks: 'a reader token used to write is 403',
    caughtBy: ['auth: a reader token cannot create or append'],
    hooks: {
      response: (req, res) => {
        if (req.method === 'POST' && res.status === 403) {
          res.status = 201;
          res.headers['content-type'] = 'application/json';
          res.body = Buffer.from(JSON.stringify({ runId: 'x', firstSeq: 1, lastSeq: 1, replayed: false }));
        }
      },
    },
  },
  {
    name: 'a cursor past lastSeq is 400, not 409 cursor-ahead',
    breaks: 'after=N past the last seq is 409 with …:cursor-ahead',
    caughtBy: ['events: a cursor past lastSeq is 409'],
    hooks: {
      response: (req, res) => {
        if (req.method === 'GET' && EVENTS_PATH.test(req.path) && res.status === 409) res.status = 400;
      },
    },
  },
  {
    name: 'a cursor before the trimmed history is 404, not 410',
    breaks: 'after=N before the oldest retained event is 410 with …:history-trimmed and firstSeq',
    caughtBy: ['events: a cursor before the trimmed history is 410'],
    trimming: true,
    hooks: {
      response: (req, res) => {
        if (EVENTS_PATH.test(req.path) && res.status === 410) res.status = 404;
      },
    },
  },
  {
    name: 'an append after a terminal status is accepted (409 becomes 201)',
    breaks: 'no event follows a terminal status: 409',
    caughtBy: ['idempotency: an append after a terminal status is 409', 'fold: random event sequences'],
    hooks: {
      response: (req, res) => {
        if (req.method === 'POST' && EVENTS_PATH.test(req.path) && res.status === 409) {
          res.status = 201;
          res.headers['content-type'] = 'application/json';
          res.body = Buffer.from(JSON.stringify({ runId: 'x', firstSeq: 1, lastSeq: 1, replayed: false }));
        }
      },
    },
  },
  {
    name: 'a body over the limit is 400, not 413',
    breaks: 'a body over the limit is 413',
    caughtBy: ['errors: a body over the limit'],
    hooks: {
      response: (_req, res) => {
        if (res.status === 413) res.status = 400;
      },
    },
  },
  {
    name: 'a reconnect after the end of a run is 200 with an empty stream, not 204',
    breaks: 'a reconnect with a cursor at or past the terminal event gets 204 No Content',
    caughtBy: ['sse: Last-Event-ID resumes from every cursor'],
    hooks: {
      response: (req, res) => {
        if (RUN_STREAM_PATH.test(req.path) && res.status === 204) {
          res.status = 200;
          res.headers['content-type'] = 'text/event-stream';
        }
      },
    },
  },
];
