/**
 * The contract's limits from both sides: a producer exactly at a limit is accepted (and
 * stored intact), one over it is refused; a read asking for more than a maximum is
 * clamped, not refused; the defaults of pages hold; producer times outside the window
 * are refused with a pointer to each.
 * @module
 */
import * as v from 'valibot';
import {
  DEFAULT_LOG_TAIL,
  DEFAULT_POLL_LIMIT,
  EventPageSchema,
  formatRunCursors,
  LogTailSchema,
  MAX_BATCH,
  MAX_LOG_TEXT,
  MAX_PAGE,
  MAX_RUN_ID,
  MAX_SHORT_TEXT,
  MAX_STEPS,
  MAX_TIME_AHEAD_MS,
  MAX_TIME_BEHIND_MS,
  RunSnapshotSchema,
  ServerFrameSchema,
  type RunEventInput,
} from '../../src/contract/index.js';
import { brief, ensure, ensureEqual } from '../assert.js';
import type { Check } from '../check.js';
import type { CheckContext } from '../context.js';
import { ensureProblem, ensureStatus, parseBody } from '../http.js';
import { range, seqs } from '../streams.js';

const PollSchema = v.object({ frames: v.array(ServerFrameSchema) });

function pointersOf(problem: { errors?: Array<{ pointer: string }> | undefined }): string[] {
  return problem.errors?.map((e) => e.pointer) ?? [];
}

/** Checks: exactly at each producer limit is accepted and stored intact; one over is 422. */
export const atTheLimits: Check = {
  name: 'limits: exactly at each limit is accepted and stored intact (1 MiB log text, 4096-character texts, 1000 steps, 5000 events, 64-character id); one over is 422',
  async run(ctx) {
    const longest = ctx.newRunId('limit-id').padEnd(MAX_RUN_ID, 'x');
    ensure(longest.length === MAX_RUN_ID, 'a run id of the longest length');
    const short = (c: string) => c.repeat(MAX_SHORT_TEXT);
    const steps = Array.from({ length: MAX_STEPS }, (_, i) => ({ key: `s${i}` }));
    const create = await ctx.post(ctx.paths.runs(), { id: longest, title: short('t'), kind: short('k'), steps });
    ensureStatus(create, 201);
    const created = parseBody(RunSnapshotSchema, create, 'run created at the limits');
    ensure(
      created.id === longest && created.steps.length === MAX_STEPS,
      'the run created at the limits lost its id or steps',
    );
    ensure(
      created.title === short('t') && created.kind === short('k'),
      'the run created at the limits lost its title or kind',
    );
    ensureProblem(await ctx.post(ctx.paths.runs(), { id: `${longest}y` }), 422);

    // A log line of exactly MAX_LOG_TEXT characters: accepted, and read back whole.
    const text = 'x'.repeat(MAX_LOG_TEXT - 7) + '\u001b[0m ok';
    ensure(text.length === MAX_LOG_TEXT, 'the longest log line');
    const at = await ctx.post(ctx.paths.events(longest), { type: 'log', text });
    ensure(
      at.status === 201,
      `a log line of exactly ${MAX_LOG_TEXT} characters answered ${at.status}, expected 201: ${brief(at.text, 200)}`,
    );
    const over = ensureProblem(await ctx.post(ctx.paths.events(longest), { type: 'log', text: `${text}!` }), 422);
    ensure(
      pointersOf(over).includes('/text'),
      `a log line of ${MAX_LOG_TEXT + 1} characters: errors point at ${brief(pointersOf(over))}`,
    );
    const tail = await ctx.get(ctx.paths.logs(longest), { query: { tail: 1 } });
    ensureStatus(tail, 200);
    const line = parseBody(LogTailSchema, tail, 'log tail').lines[0];
    ensure(
      line?.text === text,
      `the ${MAX_LOG_TEXT}-character line reads back as ${line?.text.length ?? 'no'} characters`,
    );

    // Keys, labels and messages of exactly MAX_SHORT_TEXT characters.
    const progress: RunEventInput = {
      type: 'progress',
      phase: short('p'),
      label: short('l'),
      message: short('m'),
      steps: [
        { key: short('k'), label: short('s'), state: 'running' },
        ...steps.slice(1).map((s) => ({ ...s, state: 'waiting' as const })),
      ],
    };
    const shortAt = await ctx.post(ctx.paths.events(longest), progress);
    ensure(
      shortAt.status === 201,
      `a progress event with ${MAX_SHORT_TEXT}-character texts and ${MAX_STEPS} steps answered ${shortAt.status}: ${brief(shortAt.text, 200)}`,
    );
    const snapshot = await ctx.snapshot(longest);
    ensure(
      snapshot.phase === short('p') && snapshot.phaseLabel === short('l') && snapshot.message === short('m'),
      'the snapshot lost a phase, label or message of the longest length',
    );
    ensure(
      snapshot.steps.length === MAX_STEPS && snapshot.steps[0]?.key === short('k'),
      'the snapshot lost steps at the limits',
    );
    for (const [field, body] of [
      ['/phase', { type: 'progress', phase: `${short('p')}p` }],
      ['/message', { type: 'progress', phase: 'p', message: `${short('m')}m` }],
      [
        '/steps',
        {
          type: 'progress',
          phase: 'p',
          steps: [...steps, { key: 'one-more' }].map((s) => ({ ...s, state: 'waiting' })),
        },
      ],
    ] as const) {
      const problem = ensureProblem(await ctx.post(ctx.paths.events(longest), body), 422);
      ensure(
        pointersOf(problem).some((p) => p.startsWith(field)),
        `one over the limit at ${field}: errors point at ${brief(pointersOf(problem))}`,
      );
    }

    // A batch of exactly MAX_BATCH events.
    const batchRun = await ctx.createRun('limit-batch');
    const batch = Array.from({ length: MAX_BATCH }, (_, i) => ({ type: 'log' as const, text: `line ${i}` }));
    const appended = await ctx.append(batchRun.id, batch);
    ensureEqual([appended.firstSeq, appended.lastSeq], [1, MAX_BATCH], `a batch of exactly ${MAX_BATCH} events`);
  },
};

/** A run of MAX_PAGE + 1 small log lines (two appends), and the seqs a trimming backend still has. */
async function longRun(ctx: CheckContext, label: string) {
  const run = await ctx.createRun(label);
  const lines = Array.from({ length: MAX_PAGE + 1 }, (_, i) => ({ type: 'log' as const, text: `line ${i + 1}` }));
  await ctx.append(run.id, lines.slice(0, MAX_BATCH));
  await ctx.append(run.id, lines.slice(MAX_BATCH));
  const probe = await ctx.get(ctx.paths.events(run.id), { query: { after: MAX_PAGE, limit: 1 } });
  ensureStatus(probe, 200);
  const { firstSeq, lastSeq } = parseBody(EventPageSchema, probe, 'event page');
  ensure(lastSeq === MAX_PAGE + 1, `a run of ${MAX_PAGE + 1} events has lastSeq ${lastSeq}`);
  return { run, firstSeq, lastSeq, retained: lastSeq - firstSeq + 1 };
}

/** Checks: a limit above its maximum is clamped, not refused; the page defaults hold. */
export const clampedNotRefused: Check = {
  name: `limits: events limit, logs tail and poll limit above ${MAX_PAGE} are clamped, not refused; defaults: events ${MAX_PAGE}, tail ${DEFAULT_LOG_TAIL}, poll ${DEFAULT_POLL_LIMIT}`,
  timeoutMs: (options) => Math.max(options.checkTimeoutMs, 30_000),
  async run(ctx) {
    const { run, firstSeq, lastSeq, retained } = await longRun(ctx, 'clamp');
    const after = firstSeq - 1;
    // A backend keeping fewer events (--trimmed-after) shows a clamp only as "not refused".
    const page = async (query: Record<string, number>, what: string) => {
      const res = await ctx.get(ctx.paths.events(run.id), { query: { after, ...query } });
      ensure(
        res.status === 200,
        `GET events ${what} answered ${res.status}, expected 200 (clamped, not refused): ${brief(res.text, 200)}`,
      );
      const events = parseBody(EventPageSchema, res, `event page ${what}`).events;
      const expected = range(firstSeq, Math.min(lastSeq, after + MAX_PAGE));
      ensureEqual(seqs(events), expected, `seqs of GET events ${what} (at most ${MAX_PAGE} of ${retained})`);
    };
    await page({ limit: MAX_PAGE + 1 }, `limit=${MAX_PAGE + 1}`);
    await page({ limit: 1_000_000_000 }, 'limit=1000000000');
    await page({}, 'without limit (default 5000)');
    ensureProblem(await ctx.get(ctx.paths.events(run.id), { query: { limit: 0 } }), 400);

    const tail = async (query: Record<string, number>, expected: number, what: string) => {
      const res = await ctx.get(ctx.paths.logs(run.id), { query });
      ensure(
        res.status === 200,
        `GET logs ${what} answered ${res.status}, expected 200 (clamped, not refused): ${brief(res.text, 200)}`,
      );
      const lines = parseBody(LogTailSchema, res, `log tail ${what}`).lines;
      ensureEqual(seqs(lines), range(lastSeq - expected + 1, lastSeq), `seqs of GET logs ${what}`);
    };
    await tail({ tail: MAX_PAGE + 1 }, Math.min(MAX_PAGE, retained), `tail=${MAX_PAGE + 1}`);
    await tail({}, Math.min(DEFAULT_LOG_TAIL, retained), `without tail (default ${DEFAULT_LOG_TAIL})`);

    const poll = async (query: Record<string, number>, expected: number, what: string) => {
      const runs = formatRunCursors([{ run: run.id, after }]);
      const res = await ctx.get(ctx.paths.poll(), { query: { runs, ...query } });
      ensure(
        res.status === 200,
        `GET poll ${what} answered ${res.status}, expected 200 (clamped, not refused): ${brief(res.text, 200)}`,
      );
      const frames = parseBody(PollSchema, res, `poll answer ${what}`).frames;
      const events = frames.flatMap((f) => (f.type === 'event' && f.run === run.id ? [f.event] : []));
      ensureEqual(seqs(events), range(firstSeq, firstSeq + expected - 1), `seqs of GET poll ${what}`);
    };
    await poll({}, Math.min(DEFAULT_POLL_LIMIT, retained), `without limit (default ${DEFAULT_POLL_LIMIT} per run)`);
    await poll({ limit: MAX_PAGE + 1 }, Math.min(MAX_PAGE, retained), `limit=${MAX_PAGE + 1}`);
  },
};

/** Checks: producer times outside the window are 422 with a pointer to each; inside it they are kept. */
export const producerTimeWindow: Check = {
  name: 'limits: producer times more than 5 minutes ahead or 7 days behind are 422 with a pointer to each; inside the window they are kept',
  async run(ctx) {
    const run = await ctx.createRun('time-window');
    const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
    const ahead = at(MAX_TIME_AHEAD_MS + 10 * 60_000);
    const behind = at(-MAX_TIME_BEHIND_MS - 24 * 3_600_000);
    const refused = async (body: unknown, pointer: string, what: string) => {
      const problem = ensureProblem(await ctx.post(ctx.paths.events(run.id), body), 422);
      ensure(
        pointersOf(problem).includes(pointer),
        `${what}: errors point at ${brief(pointersOf(problem))}, expected ${pointer}`,
      );
    };
    await refused({ type: 'log', text: 'x', time: ahead }, '/time', 'a time 15 minutes ahead');
    await refused(
      {
        events: [
          { type: 'log', text: 'ok' },
          { type: 'log', text: 'x', time: behind },
        ],
      },
      '/events/1/time',
      'a time 8 days behind, in a batch',
    );
    await refused(
      { type: 'progress', phase: 'p', steps: [{ key: 'a', state: 'done', startedAt: at(-60_000), endedAt: ahead }] },
      '/steps/0/endedAt',
      'a step endedAt 15 minutes ahead',
    );
    const stored = await ctx.allEvents(run.id);
    ensure(stored.length === 0, `refused appends stored ${stored.length} events (an append is all or nothing)`);
    const inside = [at(-MAX_TIME_BEHIND_MS + 3_600_000), at(60_000)];
    await ctx.append(
      run.id,
      inside.map((time) => ({ type: 'log' as const, text: 'inside', time })),
    );
    const kept = (await ctx.allEvents(run.id)).map((e) => Date.parse(e.time));
    ensureEqual(
      kept,
      inside.map((t) => Date.parse(t)),
      'times inside the window (6 days 23 hours behind, 1 minute ahead)',
    );
  },
};

/** Checks of the contract's limits. */
export const limitChecks: Check[] = [atTheLimits, clampedNotRefused, producerTimeWindow];
