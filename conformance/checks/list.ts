/**
 * `GET /runs`: newest first, filtered by status, paged with `limit` and `cursor`. The
 * backend may hold runs of others, so checks look for their own runs in order rather than
 * for an exact list.
 * @module
 */
import { DEFAULT_LIST_LIMIT, RunListSchema, type RunSnapshot } from '../../src/contract/index.js';
import { ensure } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { finishedEvents, runningEvents } from '../fixtures.js';
import { ensureProblem, ensureStatus, parseBody } from '../http.js';

const MAX_PAGES = 50;

/** Follows `next` until every id in `wanted` was seen (or the pages run out). */
async function walk(
  ctx: CheckContext,
  query: Record<string, string | number>,
  wanted: readonly string[],
  afterEachPage?: () => Promise<void>,
) {
  const seen: RunSnapshot[] = [];
  const pageSizes: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const res = await ctx.get(ctx.paths.runs(), { query: cursor === undefined ? query : { ...query, cursor } });
    ensureStatus(res, 200);
    const page = parseBody(RunListSchema, res, 'run list');
    seen.push(...page.runs);
    pageSizes.push(page.runs.length);
    const ids = new Set(seen.map((r) => r.id));
    if (wanted.every((id) => ids.has(id)) || page.next === undefined) return { seen, pageSizes, next: page.next };
    cursor = page.next;
    await afterEachPage?.();
  }
  return { seen, pageSizes, next: cursor };
}

function ensureNewestFirst(seen: readonly RunSnapshot[], created: readonly string[], what: string): void {
  const ids = seen.map((r) => r.id);
  const positions = created.map((id) => ids.indexOf(id));
  positions.forEach((p, i) => ensure(p >= 0, `${what}: run ${created[i]} is missing from the list`));
  for (let i = 1; i < positions.length; i++) {
    ensure(
      (positions[i] ?? 0) < (positions[i - 1] ?? 0),
      `${what}: ${created[i]} (created later) is listed after ${created[i - 1]}; expected newest first`,
    );
  }
  ensure(new Set(ids).size === ids.length, `${what}: a run appears twice: ${ids.join(', ')}`);
  for (let i = 1; i < seen.length; i++) {
    const [before, after] = [seen[i - 1], seen[i]];
    ensure(
      !before || !after || before.createdAt >= after.createdAt,
      `${what}: ${after?.id} (created ${after?.createdAt}) is listed after ${before?.id} (created ${before?.createdAt})`,
    );
  }
}

async function createThree(ctx: CheckContext, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await ctx.createRun(`${label}${i}`)).id);
  return ids;
}

/** Checks: GET /runs answers runs newest first. */
export const listNewestFirst: Check = {
  name: 'list: GET /runs answers runs newest first',
  async run(ctx) {
    const ids = await createThree(ctx, 'list');
    const { seen } = await walk(ctx, { limit: 100 }, ids);
    ensureNewestFirst(seen, ids, 'GET /runs?limit=100');
  },
};

/** Checks: ?status= answers only runs with that status. */
export const listStatusFilter: Check = {
  name: 'list: ?status= answers only runs with that status',
  async run(ctx) {
    const done = await ctx.seedRun('status-done', finishedEvents(3));
    const running = await ctx.seedRun('status-running', runningEvents(2));
    const { seen } = await walk(ctx, { status: 'succeeded', limit: 100 }, [done.id]);
    const other = seen.find((r) => r.status !== 'succeeded');
    ensure(!other, `?status=succeeded listed ${other?.id} with status ${other?.status}`);
    ensure(
      seen.some((r) => r.id === done.id),
      `?status=succeeded does not list the succeeded run ${done.id}`,
    );
    ensure(!seen.some((r) => r.id === running.id), `?status=succeeded lists the running run ${running.id}`);
    const { seen: active } = await walk(ctx, { status: 'running', limit: 100 }, [running.id]);
    ensure(
      active.some((r) => r.id === running.id),
      `?status=running does not list ${running.id}`,
    );
  },
};

/** Checks: limit and cursor page through runs without repeats, also while runs are created. */
export const listPagination: Check = {
  name: 'list: limit and cursor page through runs without repeats, also while runs are created',
  async run(ctx) {
    const ids = await createThree(ctx, 'page');
    // Runs created while a client pages must not shift the pages under it (offset paging
    // would repeat runs here); the cursor continues where the last page ended.
    const { seen, pageSizes } = await walk(ctx, { limit: 2 }, ids, async () => {
      await ctx.createRun('page-later');
    });
    ensure(
      pageSizes.every((n) => n <= 2),
      `limit=2 answered pages of ${pageSizes.join(', ')} runs`,
    );
    ensure(pageSizes.length >= 2, `3 new runs with limit=2 came in ${pageSizes.length} page (no next?)`);
    ensureNewestFirst(seen, ids, 'pages of GET /runs?limit=2');
  },
};

/** Checks: a bad status, cursor or limit is 400; a limit over 100 is clamped. */
export const listLimitRange: Check = {
  name: 'list: a bad status, cursor or limit is 400; a limit over 100 is clamped',
  async run(ctx) {
    for (const limit of ['0', '-1', 'ten']) {
      ensureProblem(await ctx.get(ctx.paths.runs(), { query: { limit } }), 400);
    }
    ensureProblem(await ctx.get(ctx.paths.runs(), { query: { status: 'finished' } }), 400);
    ensureProblem(await ctx.get(ctx.paths.runs(), { query: { cursor: 'not-a-cursor-this-server-made' } }), 400);
    const over = await ctx.get(ctx.paths.runs(), { query: { limit: 101 } });
    ensureStatus(over, 200);
    const page = parseBody(RunListSchema, over, 'run list');
    ensure(page.runs.length <= 100, `limit=101 answered ${page.runs.length} runs, expected at most 100`);
  },
};

/** Checks: without `limit`, a page holds at most the default number of runs and says where to go on. */
export const listDefaultLimit: Check = {
  name: `list: without limit, a page holds at most ${DEFAULT_LIST_LIMIT} runs and has next`,
  async run(ctx) {
    // One more run than the default page holds, so a backend holding only these has a next page.
    for (let i = 0; i <= DEFAULT_LIST_LIMIT; i++) await ctx.createRun(`default${i}`);
    const res = await ctx.get(ctx.paths.runs());
    ensureStatus(res, 200);
    const page = parseBody(RunListSchema, res, 'run list');
    ensure(
      page.runs.length <= DEFAULT_LIST_LIMIT,
      `GET /runs without limit answered ${page.runs.length} runs; the default page holds at most ${DEFAULT_LIST_LIMIT}`,
    );
    ensure(page.next !== undefined, `GET /runs without limit over ${DEFAULT_LIST_LIMIT + 1} runs has no next`);
  },
};

/** Checks of the run list. */
export const listChecks: Check[] = [
  listNewestFirst,
  listStatusFilter,
  listPagination,
  listLimitRange,
  listDefaultLimit,
];
