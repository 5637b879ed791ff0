/**
 * `HEAD`: every `GET` of the contract except the streams answers it with the status and
 * headers the `GET` would have, and no body (docs/contract.md, REST).
 * @module
 */
import { formatRunCursors } from '../../src/contract/index.js';
import { brief, CheckFailure, ensure } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { finishedEvents } from '../fixtures.js';
import { rawRequest } from '../raw-http.js';

/** Headers that describe the representation: a `HEAD` must say what the `GET` says. */
const SAME_HEADERS = ['content-type', 'etag', 'cache-control', 'location', 'www-authenticate', 'vary'] as const;

async function compareHead(
  ctx: CheckContext,
  path: string,
  query: Record<string, string | number> = {},
  headers: Record<string, string> = {},
): Promise<void> {
  const what = `HEAD ${path}${Object.keys(query).length > 0 ? `?${new URLSearchParams(query as Record<string, string>)}` : ''}`;
  const get = await ctx.get(path, { query, headers });
  const auth = ctx.authHeaders(undefined, ctx.options.token);
  const head = await rawRequest('HEAD', new URL(ctx.url(path, query)), { ...auth, ...headers }, ctx.options.waitMs);
  if ('error' in head) throw new CheckFailure(`${what}: ${head.error}`);
  ensure(head.status === get.status, `${what} answered ${head.status}, GET answered ${get.status}`);
  ensure(head.body === '', `${what} answered a body (${head.body.length} bytes): ${brief(head.body, 120)}`);
  for (const name of SAME_HEADERS) {
    const expected = get.headers.get(name);
    const got = head.headers.get(name) ?? null;
    ensure(got === expected, `${what}: ${name} is ${brief(got)}, GET says ${brief(expected)}`);
  }
  // A HEAD may leave Content-Length out, but one it states is the GET's.
  const length = head.headers.get('content-length');
  const getLength = get.headers.get('content-length') ?? String(Buffer.byteLength(get.text));
  ensure(
    length === undefined || length === getLength,
    `${what}: content-length is ${length}, the GET body is ${getLength} bytes`,
  );
}

/** Checks: HEAD on every non-stream GET: same status and headers, no body. */
export const headLikeGet: Check = {
  name: 'head: HEAD on every non-stream GET answers its status and headers, with no body',
  async run(ctx) {
    const run = await ctx.seedRun('head', finishedEvents(5));
    const missing = ctx.newRunId('head-missing');
    await compareHead(ctx, ctx.paths.runs());
    await compareHead(ctx, ctx.paths.runs(), { limit: 1 });
    await compareHead(ctx, ctx.paths.run(run.id));
    await compareHead(ctx, ctx.paths.events(run.id));
    await compareHead(ctx, ctx.paths.events(run.id), { after: 2, limit: 2 });
    await compareHead(ctx, ctx.paths.logs(run.id), { tail: 2 });
    await compareHead(ctx, ctx.paths.poll(), { runs: formatRunCursors([{ run: run.id, after: 0 }]) });
    // Errors and validators too: 404 for an unknown run, 400 for a bad query, 304 on a match.
    await compareHead(ctx, ctx.paths.run(missing));
    await compareHead(ctx, ctx.paths.events(run.id), { after: 'x' });
    const etag = (await ctx.get(ctx.paths.run(run.id))).headers.get('etag');
    if (etag !== null) await compareHead(ctx, ctx.paths.run(run.id), {}, { 'if-none-match': etag });
  },
};

/** Checks of HEAD. */
export const headChecks: Check[] = [headLikeGet];
