/**
 * Errors are RFC 9457 problems with the status a client can act on: what a producer gets
 * for a bad body, and what anyone gets for a run that is not there.
 * @module
 */
import { MAX_BATCH, MAX_LOG_TEXT } from '../../src/contract/index.js';
import { brief, CheckFailure, ensure } from '../assert.js';
import type { Check } from '../check.js';
import { ensureProblem } from '../http.js';
import { postWholeBodyThenRead } from '../raw-http.js';

const JSON_TYPE = { 'content-type': 'application/json' };

function ensurePointer(pointers: readonly string[], expected: string, what: string): void {
  ensure(pointers.includes(expected), `${what}: errors point at ${brief(pointers)}, expected ${expected}`);
}

/** Checks: a body that is not JSON is 400. */
export const malformedJson: Check = {
  name: 'errors: a body that is not JSON is 400',
  async run(ctx) {
    const run = await ctx.createRun('malformed');
    ensureProblem(await ctx.postRaw(ctx.paths.events(run.id), '{"type": "log", "text": ', JSON_TYPE), 400);
    ensureProblem(await ctx.postRaw(ctx.paths.runs(), '{kind: conformance}', JSON_TYPE), 400);
  },
};

/** Checks: a field of the wrong type is 422 with its JSON pointer. */
export const wrongTypes: Check = {
  name: 'errors: a field of the wrong type is 422 with its JSON pointer',
  async run(ctx) {
    const run = await ctx.createRun('wrong-type');
    const one = ensureProblem(
      await ctx.post(ctx.paths.events(run.id), { type: 'progress', phase: 'x', percent: '50' }),
      422,
    );
    ensurePointer(one.errors?.map((e) => e.pointer) ?? [], '/percent', 'a string percent');
    const batch = ensureProblem(
      await ctx.post(ctx.paths.events(run.id), {
        events: [
          { type: 'log', text: 'ok' },
          { type: 'log', text: 5 },
        ],
      }),
      422,
    );
    ensurePointer(batch.errors?.map((e) => e.pointer) ?? [], '/events/1/text', 'a number text in a batch');
    const events = await ctx.allEvents(run.id);
    ensure(events.length === 0, `a refused batch stored ${events.length} events (a batch is all or nothing)`);
  },
};

/** Checks: an unknown field is 422 with its JSON pointer. */
export const unknownField: Check = {
  name: 'errors: an unknown field is 422 with its JSON pointer',
  async run(ctx) {
    const run = await ctx.createRun('unknown-field');
    const event = ensureProblem(
      await ctx.post(ctx.paths.events(run.id), { type: 'log', text: 'x', colour: 'red' }),
      422,
    );
    ensurePointer(event.errors?.map((e) => e.pointer) ?? [], '/colour', 'an unknown event field');
    const create = ensureProblem(await ctx.post(ctx.paths.runs(), { id: ctx.newRunId('typo'), titel: 'typo' }), 422);
    ensurePointer(create.errors?.map((e) => e.pointer) ?? [], '/titel', 'an unknown create field');
  },
};

/** Checks: limits of the contract (text, batch size, id, empty batch) are 422 with a pointer. */
export const limitsInSchema: Check = {
  name: 'errors: limits of the contract (text, batch size, id, empty batch) are 422 with a pointer',
  async run(ctx) {
    const run = await ctx.createRun('limits');
    const pointers = async (body: unknown, path = ctx.paths.events(run.id)) =>
      ensureProblem(await ctx.post(path, body), 422).errors?.map((e) => e.pointer) ?? [];
    ensurePointer(
      await pointers({ type: 'log', text: 'x'.repeat(MAX_LOG_TEXT + 1) }),
      '/text',
      'a log line over 1 MiB',
    );
    const tooMany = Array.from({ length: MAX_BATCH + 1 }, () => ({ type: 'log', text: '' }));
    ensurePointer(await pointers({ events: tooMany }), '/events', `a batch of ${MAX_BATCH + 1}`);
    ensurePointer(await pointers({ events: [] }), '/events', 'an empty batch');
    ensurePointer(await pointers({ id: 'has spaces' }, ctx.paths.runs()), '/id', 'a run id with spaces');
    ensurePointer(
      await pointers({ type: 'log', text: 'x', time: 'yesterday' }),
      '/time',
      'a time that is not ISO 8601',
    );
    ensurePointer(await pointers({ type: 'progress', phase: 'p', percent: 101 }), '/percent', 'percent over 100');
    const events = await ctx.allEvents(run.id);
    ensure(events.length === 0, `refused appends stored ${events.length} events`);
  },
};

/** Checks: an Idempotency-Key that is not 1-200 visible ASCII characters is 400. */
export const badIdempotencyKey: Check = {
  name: 'errors: an Idempotency-Key that is not 1-200 visible ASCII characters is 400',
  async run(ctx) {
    const run = await ctx.createRun('bad-key');
    const key = 'k'.repeat(201);
    ensureProblem(
      await ctx.post(ctx.paths.events(run.id), { type: 'log', text: 'x' }, { headers: { 'idempotency-key': key } }),
      400,
    );
    const spaced = 'two words';
    ensureProblem(
      await ctx.post(ctx.paths.events(run.id), { type: 'log', text: 'x' }, { headers: { 'idempotency-key': spaced } }),
      400,
    );
  },
};

/** Checks: a body over the limit (4 MiB) is 413, also for a client that sends the whole body before reading. */
export const oversizedBody: Check = {
  name: 'errors: a body over the limit (4 MiB) is 413, also for a client that sends the whole body before reading',
  async run(ctx) {
    const run = await ctx.createRun('oversized');
    // Log lines each within the 1 MiB text limit: only the size of the whole body is wrong.
    const text = 'x'.repeat(MAX_LOG_TEXT - 16);
    const count = Math.ceil((ctx.options.maxBodyBytes + 512 * 1024) / text.length);
    const body = JSON.stringify({ events: Array.from({ length: count }, () => ({ type: 'log', text })) });
    ensureProblem(await ctx.postRaw(ctx.paths.events(run.id), body, JSON_TYPE), 413);
    const headers = { ...JSON_TYPE, ...ctx.authHeaders(undefined, ctx.options.producerToken) };
    const answer = await postWholeBodyThenRead(
      new URL(ctx.url(ctx.paths.events(run.id))),
      headers,
      Buffer.from(body),
      ctx.options.waitMs,
    );
    if ('error' in answer) {
      throw new CheckFailure(
        `a client that sends the whole body before reading got no answer (${answer.error}): the server ` +
          `closed without reading the rest, so the reset discarded its 413; half-close and discard the rest ` +
          `(bounded) instead`,
      );
    }
    ensure(
      answer.status === 413,
      `a client that sends the whole body before reading got ${answer.status}, expected 413`,
    );
  },
};

/** Checks: a body that is not application/json is 415. */
export const unsupportedMediaType: Check = {
  name: 'errors: a body that is not application/json is 415',
  async run(ctx) {
    const run = await ctx.createRun('media-type');
    ensureProblem(
      await ctx.postRaw(ctx.paths.events(run.id), JSON.stringify({ type: 'log', text: 'x' }), {
        'content-type': 'text/plain',
      }),
      415,
    );
  },
};

/** Checks: an unknown run is 404 on every endpoint. */
export const unknownRun: Check = {
  name: 'errors: an unknown run is 404 on every endpoint',
  async run(ctx) {
    const id = ctx.newRunId('nobody');
    ensureProblem(await ctx.get(ctx.paths.run(id)), 404);
    ensureProblem(await ctx.get(ctx.paths.events(id)), 404);
    ensureProblem(await ctx.get(ctx.paths.logs(id)), 404);
    ensureProblem(await ctx.post(ctx.paths.events(id), { type: 'log', text: 'x' }), 404);
    const stream = await ctx.sse(ctx.paths.stream(id));
    ensure(stream.status === 404, `GET stream of an unknown run answered ${stream.status}, expected 404`);
  },
};

/** Checks: a malformed query parameter is 400. */
export const badQuery: Check = {
  name: 'errors: a malformed query parameter is 400',
  async run(ctx) {
    const run = await ctx.createRun('bad-query');
    ensureProblem(await ctx.get(ctx.paths.events(run.id), { query: { after: 'abc' } }), 400);
    ensureProblem(await ctx.get(ctx.paths.events(run.id), { query: { after: -1 } }), 400);
    ensureProblem(await ctx.get(ctx.paths.logs(run.id), { query: { tail: 'all' } }), 400);
    ensureProblem(await ctx.get(ctx.paths.poll(), { query: { runs: 'no cursor' } }), 400);
    ensureProblem(await ctx.get(ctx.paths.poll()), 400);
    const stream = await ctx.sse(ctx.paths.multiStream());
    ensure(stream.status === 400, `GET /stream without runs answered ${stream.status}, expected 400`);
    const lastEventId = await ctx.sse(ctx.paths.stream(run.id), { lastEventId: 'yesterday' });
    ensure(lastEventId.status === 400, `Last-Event-ID: yesterday answered ${lastEventId.status}, expected 400`);
  },
};

/** Checks of error responses. */
export const errorChecks: Check[] = [
  malformedJson,
  wrongTypes,
  unknownField,
  limitsInSchema,
  badIdempotencyKey,
  oversizedBody,
  unsupportedMediaType,
  unknownRun,
  badQuery,
];
