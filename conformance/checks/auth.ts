/**
 * Auth: 401 with a challenge, tenant isolation that does not reveal other tenants' runs,
 * and read-only tokens. Each check runs only when the tokens it needs were given.
 * @module
 */
import * as v from 'valibot';
import { RunListSchema, ServerFrameSchema } from '../../src/contract/index.js';
import { ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { logLine, runningEvents } from '../fixtures.js';
import { collectFrames, FrameLog, nextFrame } from '../frames.js';
import { ensureProblem, ensureStatus, label, parseBody, type HttpResponse } from '../http.js';
import { closedWithin } from '../ws-client.js';

const NOT_A_TOKEN = 'conformance-not-a-valid-token';

function needToken(ctx: CheckContext): string {
  return ctx.options.token ?? ctx.skip('needs --token (the backend has auth)');
}

function ensureChallenge(res: HttpResponse): void {
  ensureProblem(res, 401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  ensure(
    /^bearer\b/i.test(challenge),
    `${label(res)}: WWW-Authenticate is ${JSON.stringify(challenge)}, expected Bearer …`,
  );
}

/** Checks: no token or an unknown token is 401 with WWW-Authenticate: Bearer. */
export const missingToken: Check = {
  name: 'auth: no token or an unknown token is 401 with WWW-Authenticate: Bearer',
  async run(ctx) {
    needToken(ctx);
    const run = await ctx.createRun('auth-401');
    ensureChallenge(await ctx.get(ctx.paths.run(run.id), { token: null }));
    ensureChallenge(await ctx.get(ctx.paths.run(run.id), { token: NOT_A_TOKEN }));
    ensureChallenge(await ctx.get(ctx.paths.runs(), { token: null }));
    ensureChallenge(await ctx.post(ctx.paths.events(run.id), logLine('x'), { token: null }));
    const stream = await ctx.sse(ctx.paths.stream(run.id), { token: null });
    ensure(stream.status === 401, `GET stream without a token answered ${stream.status}, expected 401`);
  },
};

/** Checks: a WebSocket authenticating with an unknown token is closed with 4401. */
export const wsWrongToken: Check = {
  name: 'auth: a WebSocket authenticating with an unknown token is closed with 4401',
  async run(ctx) {
    needToken(ctx);
    const socket = await ctx.openSocket();
    socket.send({ type: 'auth', token: NOT_A_TOKEN });
    ensure(await closedWithin(socket, ctx.options.waitMs), `the socket stayed open after an unknown token`);
    ensure(socket.closeCode === 4401, `closed with ${socket.closeCode}, expected 4401`);
  },
};

/** The parts of a problem that must not tell "not yours" from "not there". */
function shape(res: HttpResponse) {
  const body = res.body as Record<string, unknown>;
  return { status: res.status, keys: Object.keys(body).sort(), type: body.type, title: body.title };
}

/** Checks: a WebSocket message before auth is refused with 4401, sending no frame. */
export const wsAuthFirst: Check = {
  name: 'auth: a WebSocket message before auth is refused with 4401, sending no frame',
  async run(ctx) {
    needToken(ctx);
    const run = await ctx.seedRun('ws-auth-first', runningEvents(2));
    const socket = await ctx.openSocket();
    socket.send({ type: 'subscribe', run: run.id, after: 0 });
    ensure(await closedWithin(socket, ctx.options.waitMs), 'the socket stayed open after a subscribe before auth');
    ensure(socket.closeCode === 4401, `closed with ${socket.closeCode}, expected 4401`);
    const got = await socket.frames.next(0);
    ensure(
      got.kind !== 'item',
      `the server sent a frame before auth: ${JSON.stringify(got.kind === 'item' ? got.value : '')}`,
    );
  },
};

/** Checks: another tenant's run is 404, indistinguishable from an unknown run. */
export const otherTenant: Check = {
  name: "auth: another tenant's run is 404, indistinguishable from an unknown run",
  async run(ctx) {
    const other = ctx.options.otherTenantToken ?? ctx.skip('needs --other-tenant-token');
    const run = await ctx.seedRun('tenant', runningEvents(2));
    const unknown = ctx.newRunId('nobody');
    for (const path of [ctx.paths.run, ctx.paths.events, ctx.paths.logs]) {
      const theirs = await ctx.get(path(run.id), { token: other });
      const missing = await ctx.get(path(unknown), { token: other });
      ensureProblem(theirs, 404);
      ensureProblem(missing, 404);
      ensureEqual(shape(theirs), shape(missing), `${label(theirs)} vs an unknown run`);
    }
    const write = await ctx.post(ctx.paths.events(run.id), logLine('not yours'), { token: other });
    ensure(write.status === 404 || write.status === 403, `appending to another tenant's run answered ${write.status}`);
    const stream = await ctx.sse(ctx.paths.stream(run.id), { token: other });
    ensure(stream.status === 404, `GET stream of another tenant's run answered ${stream.status}, expected 404`);
    const { socket } = await ctx.ws(other);
    socket.send({ type: 'subscribe', run: run.id, after: 0 });
    let frame = await nextFrame(ctx, { kind: 'ws', frames: socket.frames }, "the answer to another tenant's run");
    while (frame.type === 'heartbeat') frame = await nextFrame(ctx, { kind: 'ws', frames: socket.frames }, 'an answer');
    ensure(
      frame.type === 'error' && frame.problem.status === 404,
      `a WebSocket subscription to another tenant's run got ${JSON.stringify(frame).slice(0, 200)}, expected a 404 error frame`,
    );
    const multi = await ctx.sse(ctx.paths.multiStream(), { token: other, query: { runs: `${run.id}:0` } });
    const log = new FrameLog();
    await collectFrames(
      ctx,
      { kind: 'sse', stream: multi },
      log,
      () => log.of(run.id).errors.length > 0 || log.of(run.id).events.length > 0,
      'a frame for the run',
    );
    ensure(log.of(run.id).events.length === 0, `GET /stream of another tenant sent its events`);
    ensure(
      log.of(run.id).errors[0]?.problem.status === 404,
      `GET /stream of another tenant's run: the error is not a 404`,
    );
    const list = await ctx.get(ctx.paths.runs(), { token: other, query: { limit: 100 } });
    ensureStatus(list, 200);
    const runs = parseBody(RunListSchema, list, 'run list').runs;
    ensure(!runs.some((r) => r.id === run.id), `GET /runs of the other tenant lists ${run.id}`);
    const poll = await ctx.get(ctx.paths.poll(), { token: other, query: { runs: `${run.id}:0` } });
    ensureStatus(poll, 200);
    const frames = parseBody(v.object({ frames: v.array(ServerFrameSchema) }), poll, 'poll answer').frames;
    ensure(
      frames.length === 1 && frames[0]?.type === 'error' && frames[0].problem.status === 404,
      `poll of another tenant's run answered ${JSON.stringify(frames).slice(0, 200)}, expected one 404 error frame`,
    );
  },
};

/** Checks: a reader token cannot create or append (403). */
export const readerCannotWrite: Check = {
  name: 'auth: a reader token cannot create or append (403)',
  async run(ctx) {
    const reader = needToken(ctx);
    if (ctx.options.producerToken === undefined || ctx.options.producerToken === reader) {
      ctx.skip('needs --token of a reader and a different --producer-token');
    }
    const run = await ctx.createRun('reader');
    ensureProblem(await ctx.post(ctx.paths.events(run.id), logLine('x'), { token: reader }), 403);
    ensureProblem(await ctx.post(ctx.paths.runs(), { id: ctx.newRunId('reader-create') }, { token: reader }), 403);
    const events = await ctx.allEvents(run.id);
    ensure(events.length === 0, `a refused append stored ${events.length} events`);
  },
};

/** Checks of authentication and authorisation. */
export const authChecks: Check[] = [missingToken, wsWrongToken, wsAuthFirst, otherTenant, readerCannotWrite];
