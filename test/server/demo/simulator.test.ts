import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEvent, RunEvent, RunSnapshot } from '../../../src/contract/index.js';
import { OPEN_TENANT } from '../../../server/auth/principal.js';
import { storeSink } from '../../../server/demo/run-sink.js';
import { Outcome } from '../../../server/demo/scenario-types.js';
import { RUN_KINDS } from '../../../server/demo/scenarios/index.js';
import { createSimulator, SHOWCASE, type SimulatedRun, type Simulator } from '../../../server/demo/simulator.js';
import { openSqliteStore, type SqliteRunStore } from '../../../server/store/sqlite-store.js';

// Time is Vitest's fake clock (the simulator and the store read the global timers and
// Date), so minutes of simulated runs play in milliseconds and every assertion about
// "nothing happened for a while" is exact instead of a sleep.
const SPEED = 4;

let dir: string;
let store: SqliteRunStore;
let simulator: Simulator | undefined;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  dir = await mkdtemp(join(tmpdir(), 'rpk-demo-'));
  store = openSqliteStore({ path: join(dir, 'demo.db') });
});

afterEach(async () => {
  await simulator?.stop();
  simulator = undefined;
  await store.close();
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

function showcaseSimulator(extra: Partial<Parameters<typeof createSimulator>[0]> = {}): Simulator {
  simulator = createSimulator({
    sink: storeSink(store, { tenant: OPEN_TENANT }),
    seed: 7,
    speed: SPEED,
    queued: 0,
    maxRuns: SHOWCASE.length,
    idPrefix: 'test',
    script: { stallMs: 600_000 },
    ...extra,
  });
  return simulator;
}

function runWith(outcome: Outcome): SimulatedRun {
  const run = simulator?.runs().find((r) => r.outcome === outcome);
  if (!run) throw new Error(`no ${outcome} run`);
  return run;
}

async function snapshot(id: string): Promise<RunSnapshot> {
  const stored = await store.getRun(id);
  if (!stored) throw new Error(`run ${id} is not in the store`);
  return stored.snapshot;
}

async function allEvents(id: string): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for (;;) {
    const page = await store.readEvents(id, out.at(-1)?.seq ?? 0, 5000);
    if (!page || page.events.length === 0) return out;
    out.push(...page.events);
  }
}

/** Plays every run but the stalled one to its end (its silence is far longer). */
async function playAllButTheStall(): Promise<void> {
  const others = (simulator?.runs() ?? []).filter((r) => r.outcome !== Outcome.Stall);
  await vi.advanceTimersByTimeAsync(Math.max(...others.map((r) => r.script.durationMs)) + 1000);
}

describe('the demo simulator on a SQLite store', () => {
  it('fails the failing run in its phase, with the error and the lines before it', async () => {
    await showcaseSimulator().start();
    await playAllButTheStall();
    const run = runWith(Outcome.Fail);
    const kind = RUN_KINDS.find((k) => k.kind === run.kind)!;
    const snap = await snapshot(run.id);
    expect(snap.status).toBe('failed');
    expect(snap.error).toEqual({
      message: kind.failure.message,
      code: kind.failure.code,
      phase: kind.phases[kind.failure.phase]!.key,
    });
    expect(snap.steps.find((s) => s.key === snap.error?.phase)?.state).toBe('failed');
    const tail = (await store.readLogTail(run.id, 5))!;
    expect(tail.filter((l) => l.level === 'error').length).toBe(kind.failure.lines.length);
  });

  it('cancels the cancelled run and skips the step it was in', async () => {
    await showcaseSimulator().start();
    await playAllButTheStall();
    const snap = await snapshot(runWith(Outcome.Cancel).id);
    expect(snap.status).toBe('cancelled');
    expect(snap.steps.some((s) => s.state === 'skipped')).toBe(true);
    expect(snap.steps.some((s) => s.state === 'waiting')).toBe(true);
  });

  it('leaves the stalled run running with no events during its silence, then finishes it', async () => {
    await showcaseSimulator().start();
    const run = runWith(Outcome.Stall);
    const stall = run.script.stall!;
    await vi.advanceTimersByTimeAsync(stall.fromMs + 1000);
    const before = await snapshot(run.id);
    expect(before.status).toBe('running');
    await vi.advanceTimersByTimeAsync((stall.toMs - stall.fromMs) * 0.9);
    const during = await snapshot(run.id);
    expect(during.status).toBe('running');
    expect(during.seq).toBe(before.seq);
    expect(during.updatedAt).toBe(before.updatedAt);
    await simulator!.stop(); // the stall test ends here for the others; now play it out alone
    simulator = showcaseSimulator({ idPrefix: 'again', showcase: [Outcome.Stall], maxRuns: 1 });
    await simulator.start();
    await vi.advanceTimersByTimeAsync(simulator.runs()[0]!.script.durationMs + 1000);
    expect((await snapshot(simulator.runs()[0]!.id)).status).toBe('succeeded');
  });

  it('has the chatty run write thousands of lines a second', async () => {
    await showcaseSimulator().start();
    await playAllButTheStall();
    const run = runWith(Outcome.Chatty);
    const snap = await snapshot(run.id);
    expect(snap.status).toBe('succeeded');
    expect(snap.logLines).toBeGreaterThan(12_000);
    // The store stamps each event with the (fake) clock: count lines per second of the
    // run's own time, scaled back to speed 1.
    const perSecond = new Map<number, number>();
    for (const event of await allEvents(run.id)) {
      if (event.type !== 'log') continue;
      const second = Math.floor((Date.parse(event.time) * SPEED) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeGreaterThanOrEqual(2_000);
  });

  it('writes contiguous seqs, levels, ANSI colours, \\r progress bars and HTML-looking text', async () => {
    await showcaseSimulator().start();
    await playAllButTheStall();
    const lines: LogEvent[] = [];
    for (const run of simulator!.runs()) {
      const events = await allEvents(run.id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect((await snapshot(run.id)).seq).toBe(events.length);
      lines.push(...events.filter((e): e is LogEvent => e.type === 'log'));
    }
    // ESC spelled out, so the patterns below hold no control characters.
    const texts = lines.map((l) => l.text.replaceAll('\u001b', 'ESC'));
    expect(new Set(lines.map((l) => l.level))).toEqual(new Set(['debug', 'info', 'warn', 'error']));
    expect(texts.some((t) => /ESC\[3[1-6]m/.test(t))).toBe(true); // 16 colours
    expect(texts.some((t) => /ESC\[38;5;\d+m/.test(t))).toBe(true); // 256 colours
    expect(texts.some((t) => /ESC\[38;2;\d+;\d+;\d+m/.test(t))).toBe(true); // truecolour
    expect(texts.some((t) => t.includes('ESC[1m'))).toBe(true); // bold
    expect(texts.some((t) => t.split('\r').length > 3)).toBe(true);
    expect(texts.some((t) => t.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(texts.some((t) => /\{[a-z/]+(:[^}]*)?\}/.test(t))).toBe(false); // every template was filled
  });

  it('labels some phases and leaves others bare, and shows an ETA only sometimes', async () => {
    await showcaseSimulator().start();
    await playAllButTheStall();
    const progress = (await Promise.all(simulator!.runs().map((r) => allEvents(r.id))))
      .flat()
      .filter((e) => e.type === 'progress');
    expect(progress.some((e) => e.label !== undefined)).toBe(true);
    expect(progress.some((e) => e.label === undefined && e.percent !== 100)).toBe(true);
    expect(progress.some((e) => e.etaMs !== undefined)).toBe(true);
    expect(progress.some((e) => e.percent === undefined)).toBe(true); // indeterminate phases
    const midway = progress.map((e) => new Set(e.steps?.map((s) => s.state)));
    expect(midway.some((states) => states.has('done') && states.has('running') && states.has('waiting'))).toBe(true);
  });

  it('builds per-step estimates once a kind has succeeded', async () => {
    await showcaseSimulator().start();
    await playAllButTheStall();
    const succeeded = runWith(Outcome.Succeed);
    const kind = RUN_KINDS.find((k) => k.kind === succeeded.kind)!;
    const estimate = await store.estimate(OPEN_TENANT, kind.kind);
    expect(estimate?.basedOn).toBeGreaterThanOrEqual(1);
    expect(Object.keys(estimate!.stepsMs).sort()).toEqual(kind.phases.map((p) => p.key).sort());
  });

  it('keeps runs queued until a slot frees, and queues new ones periodically up to the cap', async () => {
    simulator = createSimulator({
      sink: storeSink(store, { tenant: OPEN_TENANT }),
      seed: 3,
      speed: SPEED,
      concurrency: 2,
      queued: 2,
      maxRuns: 7,
      showcase: [],
      idPrefix: 'cap',
      script: { stallMs: 20_000 },
    });
    await simulator.start();
    await vi.advanceTimersByTimeAsync(10);
    const statuses = await Promise.all(simulator.runs().map(async (r) => (await snapshot(r.id)).status));
    expect(statuses).toEqual(['running', 'running', 'queued', 'queued']);
    let settled = false;
    void simulator.settled().then(() => (settled = true));
    for (let i = 0; i < 600 && !settled; i++) await vi.advanceTimersByTimeAsync(1000);
    expect(settled).toBe(true);
    expect(simulator.runs()).toHaveLength(7);
    const listed = await store.listRuns({ tenant: OPEN_TENANT, limit: 100 });
    expect(listed.runs).toHaveLength(7);
    expect(listed.runs.every((r) => ['succeeded', 'failed', 'cancelled'].includes(r.status))).toBe(true);
  });

  it('plans the same runs for the same seed and different ones for another', async () => {
    const plans = async (seed: number, file: string) => {
      const own = openSqliteStore({ path: join(dir, file) });
      const sim = createSimulator({ sink: storeSink(own, { tenant: OPEN_TENANT }), seed, idPrefix: 'same' });
      await sim.start();
      await sim.stop();
      await own.close();
      return sim.runs().map((r) => r.script);
    };
    const first = await plans(5, 'a.db');
    expect(first.length).toBeGreaterThan(SHOWCASE.length);
    expect(await plans(5, 'b.db')).toEqual(first);
    expect(await plans(6, 'c.db')).not.toEqual(first);
  });
});
