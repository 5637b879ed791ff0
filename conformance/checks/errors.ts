/**
 * Errors are RFC 9457 problems with the status a client can act on: what a producer gets
 * for a bad body, and what anyone gets for a run that is not there.
 * @module
 */
import { MAX_LOG_TEXT } from '../../src/contract/index.js';
import { brief, ensure } from '../assert.js';
import type { Check } from '../check.js';
import { ensureProblem } from '../http.js';

const JSON_TYPE = { 'content-type': 'application/json' };

function ensurePointer(pointers: readonly string[], expected: string, what: string): void {
  ensure(pointers.includes(expected), `${what}: errors point at ${brief(pointers)}, expected ${expected}`);
}

export const malformedJson: Check = {
  name: 'errors: a body that is not JSON is 400',
  async run(ctx) {
    const run = await ctx.createRun('malformed');
    ensureProblem(await ctx.postRaw(ctx.paths.events(run.id), '{"type": "log", "text": ', JSON_TYPE), 400);
    ensureProblem(await ctx.postRaw(ctx.paths.runs(), '{kind: conformance}', JSON_TYPE), 400);
  },
};

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

export const oversizedBody: Check = {
  name: 'errors: a body over 4 MiB is 413',
  async run(ctx) {
    const run = await ctx.createRun('oversized');
    // Five log lines each within the 1 MiB text limit: only the body size is wrong.
    const text = 'x'.repeat(MAX_LOG_TEXT - 16);
    const body = JSON.stringify({ events: Array.from({ length: 5 }, () => ({ type: 'log', text })) });
    ensureProblem(await ctx.postRaw(ctx.paths.events(run.id), body, JSON_TYPE), 413);
  },
};

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

export const badQuery: Check = {
  name: 'errors: a malformed query parameter is 400',
  async run(ctx) {
    const run = await ctx.createRun('bad-query');
    ensureProblem(await ctx.get(ctx.paths.events(run.id), { query: { after: 'abc' } }), 400);
    ensureProblem(await ctx.get(ctx.paths.events(run.id), { query: { after: -1 } }), 400);
    ensureProblem(await ctx.get(ctx.paths.logs(run.id), { query: { tail: 'all' } }), 400);
    ensureProblem(await ctx.get(ctx.paths.poll(), { query: { runs: 'no cursor' } }), 400);
  },
};

/** Checks of error responses. */
export const errorChecks: Check[] = [
  malformedJson,
  wrongTypes,
  unknownField,
  oversizedBody,
  unsupportedMediaType,
  unknownRun,
  badQuery,
];
