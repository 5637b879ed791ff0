/**
 * Builds docs/openapi.json (OpenAPI 3.1) for the REST part of docs/contract.md. Bodies come
 * from the Valibot schemas in src/contract/schemas.ts (through @valibot/to-json-schema) and
 * paths from `contractPaths()`, so the document cannot drift from the code.
 *
 *   npm run contract:openapi              rewrite docs/openapi.json
 *   npm run contract:openapi -- --check   exit 1 when the committed file is stale (CI)
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { toJsonSchemaDefs, type JsonSchema } from '@valibot/to-json-schema';
import * as contract from '../src/contract/index.js';

const OUTPUT = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The schemas published under `components.schemas`, by name. */
const SCHEMAS = {
  RunSnapshot: contract.RunSnapshotSchema,
  Step: contract.StepSchema,
  RunError: contract.RunErrorSchema,
  RunEstimate: contract.RunEstimateSchema,
  RunEvent: contract.RunEventSchema,
  ProgressEvent: contract.ProgressEventSchema,
  LogEvent: contract.LogEventSchema,
  StatusEvent: contract.StatusEventSchema,
  RunList: contract.RunListSchema,
  EventPage: contract.EventPageSchema,
  LogTail: contract.LogTailSchema,
  AppendResult: contract.AppendResultSchema,
  Problem: contract.ProblemSchema,
  CreateRunInput: contract.CreateRunInputSchema,
  StepInput: contract.StepInputSchema,
  RunEventInput: contract.RunEventInputSchema,
  ProgressEventInput: contract.ProgressEventInputSchema,
  LogEventInput: contract.LogEventInputSchema,
  StatusEventInput: contract.StatusEventInputSchema,
  AppendBatch: contract.AppendBatchSchema,
  AppendBody: contract.AppendBodySchema,
  ServerFrame: contract.ServerFrameSchema,
  ReadyFrame: contract.ReadyFrameSchema,
  EventFrame: contract.EventFrameSchema,
  ResetFrame: contract.ResetFrameSchema,
  EndFrame: contract.EndFrameSchema,
  ErrorFrame: contract.ErrorFrameSchema,
  HeartbeatFrame: contract.HeartbeatFrameSchema,
  ClientMessage: contract.ClientMessageSchema,
  AuthMessage: contract.AuthMessageSchema,
  SubscribeMessage: contract.SubscribeMessageSchema,
  UnsubscribeMessage: contract.UnsubscribeMessageSchema,
} as const;

type Json = JsonSchema | Record<string, unknown>;
const ref = (name: keyof typeof SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const problemBody = { [contract.PROBLEM_MEDIA_TYPE]: { schema: ref('Problem') } };

/** Problem responses by status, shared by the operations as `components.responses`. */
const PROBLEMS = {
  BadRequest: [400, 'The body is not JSON, or a query parameter is malformed.'],
  Unauthorized: [401, 'No token or an unknown token: get a fresh token once, then stop.'],
  Forbidden: [403, 'The token may read but not write.'],
  NotFound: [404, 'No such run, or a run of another tenant (the two are indistinguishable).'],
  Conflict: [409, 'The run id exists, the run has ended, or the cursor is past the last seq.'],
  Gone: [410, 'The history after the cursor was trimmed; `firstSeq` is the oldest retained seq.'],
  TooLarge: [413, `The body is over the limit (default ${contract.DEFAULT_MAX_BODY_BYTES / 1_048_576} MiB): split the batch.`],
  UnsupportedMediaType: [415, 'The body is not `application/json`.'],
  Unprocessable: [422, 'The JSON does not fit the schema; `errors` points at each field (JSON pointer).'],
  TooManyRequests: [429, 'Rate limited: retry after `Retry-After` seconds.'],
  Unavailable: [503, 'Overloaded or the store is unavailable: retry after `Retry-After` seconds.'],
  ServerError: [500, 'Anything else: back off and retry.'],
} as const;
type ProblemName = keyof typeof PROBLEMS;

function problemResponses() {
  const out: Record<string, unknown> = {};
  for (const [name, [status, description]] of Object.entries(PROBLEMS)) {
    const headers: Record<string, unknown> = {};
    if (status === 401) headers['WWW-Authenticate'] = { $ref: '#/components/headers/WWW-Authenticate' };
    if (status === 429 || status === 503) headers['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
    out[name] = { description, ...(Object.keys(headers).length > 0 ? { headers } : {}), content: problemBody };
  }
  return out;
}

/** The problem responses an operation can give, always with 401, 429, 503 and 5xx. */
function errors(...names: ProblemName[]) {
  const all: ProblemName[] = [...names, 'Unauthorized', 'TooManyRequests', 'Unavailable'];
  const out: Record<string, unknown> = {};
  for (const name of all) out[String(PROBLEMS[name][0])] = { $ref: `#/components/responses/${name}` };
  out['5XX'] = { $ref: '#/components/responses/ServerError' };
  return out;
}

const runIdParam = {
  name: 'runId',
  in: 'path',
  required: true,
  description: 'The run id.',
  schema: { type: 'string', pattern: contract.RUN_ID_PATTERN.source },
};
const cursorList = {
  name: 'runs',
  in: 'query',
  required: true,
  description: 'Runs and the seq to resume each after: `a:5,b:0`.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}:[0-9]{1,15}(,[A-Za-z0-9_-]{1,64}:[0-9]{1,15})*$' },
};
const integer = (minimum: number, fallback: number) => ({ type: 'integer', minimum, default: fallback });
/** A count with a ceiling: servers clamp larger values rather than refuse them. */
const capped = (name: string, minimum: number, maximum: number, fallback: number) => ({
  name,
  in: 'query',
  description: `At most ${maximum}; larger values are clamped to ${maximum}.`,
  schema: integer(minimum, fallback),
});

const SSE_FRAMING = [
  'Server-Sent Events (`text/event-stream`, `Cache-Control: no-cache, no-transform`, `X-Accel-Buffering: no`).',
  'Run events are unnamed messages with `id:` = `seq` and `data:` = the event (see `RunEvent`).',
  `Named messages: \`${contract.SseEventName.Heartbeat}\` \`{time, seq, intervalMs}\`;`,
  `\`${contract.SseEventName.Reset}\` \`{reason, snapshot}\` when the cursor cannot be resumed;`,
  `\`${contract.SseEventName.End}\` \`{seq, status}\` after the terminal status, then the server closes;`,
  `\`${contract.SseEventName.Problem}\` with a problem body when the stream fails for good.`,
  'The cursor is `Last-Event-ID`, else `?after`, else 0. See docs/contract.md.',
].join(' ');

function sseResponse(description: string) {
  return { description, content: { 'text/event-stream': { schema: { type: 'string' } } } };
}

const readSecurity = [{ bearer: [] }, {}];
const writeSecurity = [{ bearer: [] }];

function paths() {
  // Templates from the same builders clients and servers use; the placeholder survives
  // their URL-encoding because it is plain letters.
  const p = contract.contractPaths('');
  const t = (path: string) => path.replace('RUNID', '{runId}');
  return {
    [p.runs()]: {
      get: {
        operationId: 'listRuns',
        summary: 'Runs of the caller’s tenant, newest first.',
        security: readSecurity,
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string', enum: contract.RUN_STATUSES } },
          capped('limit', 1, contract.MAX_LIST_LIMIT, contract.DEFAULT_LIST_LIMIT),
          { name: 'cursor', in: 'query', description: 'The `next` of the previous page.', schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'A page of runs.', content: json(ref('RunList')) }, ...errors('BadRequest') },
      },
      post: {
        operationId: 'createRun',
        summary: 'Creates a run (producer token).',
        security: writeSecurity,
        requestBody: { required: true, content: json(ref('CreateRunInput')) },
        responses: {
          201: {
            description: 'The run’s initial snapshot.',
            headers: { Location: { $ref: '#/components/headers/Location' } },
            content: json(ref('RunSnapshot')),
          },
          ...errors('BadRequest', 'Forbidden', 'Conflict', 'TooLarge', 'UnsupportedMediaType', 'Unprocessable'),
        },
      },
    },
    [t(p.run('RUNID'))]: {
      parameters: [runIdParam],
      get: {
        operationId: 'getRun',
        summary: 'The run snapshot: the fold of its events up to the `seq` it states.',
        security: readSecurity,
        parameters: [{ name: 'If-None-Match', in: 'header', schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'The snapshot.',
            headers: { ETag: { $ref: '#/components/headers/ETag' } },
            content: json(ref('RunSnapshot')),
          },
          304: {
            description: 'Unchanged since the ETag given in `If-None-Match`; no body.',
            headers: { ETag: { $ref: '#/components/headers/ETag' } },
          },
          ...errors('NotFound'),
        },
      },
    },
    [t(p.events('RUNID'))]: {
      parameters: [runIdParam],
      get: {
        operationId: 'getEvents',
        summary: 'Events with `seq > after`, oldest first.',
        security: readSecurity,
        parameters: [
          { name: 'after', in: 'query', schema: integer(0, 0) },
          capped('limit', 1, contract.MAX_PAGE, contract.MAX_PAGE),
        ],
        responses: {
          200: { description: 'A page of events.', content: json(ref('EventPage')) },
          ...errors('BadRequest', 'NotFound', 'Conflict', 'Gone'),
        },
      },
      post: {
        operationId: 'appendEvents',
        summary: 'Appends one event or a batch (producer token); idempotent with `Idempotency-Key`.',
        security: writeSecurity,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            description: 'A retry with the same key for the same run stores nothing and answers `replayed: true`.',
            schema: { type: 'string', pattern: `^[\\x21-\\x7E]{1,${contract.MAX_IDEMPOTENCY_KEY}}$` },
          },
        ],
        requestBody: { required: true, content: json(ref('AppendBody')) },
        responses: {
          201: { description: 'The seqs the events got.', content: json(ref('AppendResult')) },
          ...errors(
            'BadRequest',
            'Forbidden',
            'NotFound',
            'Conflict',
            'TooLarge',
            'UnsupportedMediaType',
            'Unprocessable',
          ),
        },
      },
    },
    [t(p.logs('RUNID'))]: {
      parameters: [runIdParam],
      get: {
        operationId: 'getLogTail',
        summary: 'The last `tail` log lines, oldest first.',
        security: readSecurity,
        parameters: [capped('tail', 0, contract.MAX_PAGE, contract.DEFAULT_LOG_TAIL)],
        responses: {
          200: { description: 'The log tail.', content: json(ref('LogTail')) },
          ...errors('BadRequest', 'NotFound'),
        },
      },
    },
    [t(p.stream('RUNID'))]: {
      parameters: [runIdParam],
      get: {
        operationId: 'streamRun',
        summary: 'SSE of one run, resumable.',
        description: SSE_FRAMING,
        security: readSecurity,
        parameters: [
          { name: 'Last-Event-ID', in: 'header', schema: { type: 'string', pattern: '^[0-9]{1,15}$' } },
          { name: 'after', in: 'query', schema: integer(0, 0) },
        ],
        responses: {
          200: sseResponse('The event stream.'),
          204: { description: 'The cursor is at or past the terminal event: nothing more will come.' },
          ...errors('BadRequest', 'NotFound'),
        },
      },
    },
    [p.multiStream()]: {
      get: {
        operationId: 'streamRuns',
        summary: 'SSE of many runs: each message’s `data` is a `ServerFrame`, `ready` first.',
        security: readSecurity,
        parameters: [cursorList],
        responses: { 200: sseResponse('The frame stream.'), ...errors('BadRequest') },
      },
    },
    [p.poll()]: {
      get: {
        operationId: 'pollRuns',
        summary: 'One poll of many runs: the frames ready now (no `ready` or `heartbeat`).',
        security: readSecurity,
        parameters: [cursorList, capped('limit', 1, contract.MAX_PAGE, contract.DEFAULT_POLL_LIMIT)],
        responses: {
          200: {
            description: 'Frames past each cursor.',
            content: json({
              type: 'object',
              properties: { frames: { type: 'array', items: ref('ServerFrame') } },
              required: ['frames'],
            }),
          },
          ...errors('BadRequest'),
        },
      },
    },
    [p.socket()]: {
      get: {
        operationId: 'openWebSocket',
        summary: 'WebSocket upgrade: subscriptions to many runs.',
        description:
          'Client messages are `ClientMessage` (`auth` first when the server has tokens; the token is never in the URL); ' +
          'server frames are `ServerFrame`. Close codes: 1001 going away, 1008 bad message, 1013 overloaded, ' +
          '4401 unauthorised, 4403 forbidden, 4408 timeout, 4429 rate limited.',
        security: [{}],
        responses: {
          101: { description: 'Switching Protocols: the WebSocket is open.' },
          426: { description: 'Upgrade Required: the request was not a WebSocket upgrade.' },
        },
      },
    },
  };
}

interface VariantLike {
  type: string;
  key?: string;
  options?: ReadonlyArray<{ entries?: Record<string, { type: string; literal?: unknown }> }>;
}

/**
 * OpenAPI's `discriminator` for each Valibot `variant` (JSON Schema has no such keyword), so
 * code generators pick the member by its `type` instead of trying each one.
 */
function discriminators(schemas: Record<string, JsonSchema>): void {
  const names = new Map<unknown, string>(Object.entries(SCHEMAS).map(([name, schema]) => [schema, name]));
  for (const [name, schema] of Object.entries(SCHEMAS) as Array<[string, VariantLike]>) {
    if (schema.type !== 'variant' || schema.key === undefined || !schema.options) continue;
    const key = schema.key;
    const mapping: Record<string, string> = {};
    for (const option of schema.options) {
      const literal = option.entries?.[key]?.literal;
      const target = names.get(option);
      if (typeof literal !== 'string' || target === undefined)
        throw new Error(`${name}: a member is not a named schema`);
      mapping[literal] = `#/components/schemas/${target}`;
    }
    Object.assign(schemas[name] as object, { discriminator: { propertyName: key, mapping } });
  }
}

/** Builds the OpenAPI 3.1 document. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const schemas = toJsonSchemaDefs(SCHEMAS, {
    target: 'draft-2020-12',
    errorMode: 'throw',
    overrideRef: (context) => `#/components/schemas/${context.referenceId}`,
  });
  discriminators(schemas);
  return {
    openapi: '3.1.0',
    info: {
      title: 'run-progress contract',
      version: '1',
      description:
        'Live progress and logs of long-running runs. Generated from src/contract by `npm run contract:openapi`; ' +
        'docs/contract.md is normative (SSE and WebSocket framing, resume rules, auth).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: contract.DEFAULT_BASE_PATH }],
    security: readSecurity,
    paths: paths(),
    components: {
      schemas,
      responses: problemResponses(),
      headers: {
        ETag: {
          description: 'Validator of the snapshot; send it back as `If-None-Match`.',
          schema: { type: 'string' },
        },
        Location: { description: 'The URL of the created run.', schema: { type: 'string' } },
        'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
        'WWW-Authenticate': { description: '`Bearer` challenge.', schema: { type: 'string' } },
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A reader or producer token.' } },
    },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

async function main(): Promise<number> {
  const text = renderOpenApi();
  if (!process.argv.includes('--check')) {
    await writeFile(OUTPUT, text);
    process.stdout.write(`wrote ${OUTPUT}\n`);
    return 0;
  }
  const committed = await readFile(OUTPUT, 'utf8').catch(() => undefined);
  if (committed === text) return 0;
  process.stderr.write(
    committed === undefined
      ? `docs/openapi.json is missing: run \`npm run contract:openapi\` and commit it.\n`
      : `docs/openapi.json is stale (it does not match src/contract): ` +
          `run \`npm run contract:openapi\` and commit the result.\n`,
  );
  return 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
