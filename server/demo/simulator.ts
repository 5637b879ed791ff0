/**
 * The demo's run simulator: keeps a handful of realistic runs going (one failing, one
 * stalling, one cancelled, one very chatty, several that succeed, a few queued) and
 * starts new ones periodically so a page stays alive, up to a cap.
 * @module
 */
import { createRandom, type Random } from './random.js';
import { buildRunScript, type RunScript, type ScriptOptions } from './run-script.js';
import type { RunSink } from './run-sink.js';
import { Outcome, type RunKindSpec } from './scenario-types.js';
import { RUN_KINDS } from './scenarios/index.js';
import { ScriptPlayer } from './script-player.js';
import { systemTimers, type Timers } from './timers.js';

/** The runs a simulator starts with, one of each interesting kind, in this order. */
export const SHOWCASE: readonly Outcome[] = [
  Outcome.Succeed,
  Outcome.Fail,
  Outcome.Stall,
  Outcome.Cancel,
  Outcome.Chatty,
  Outcome.Succeed,
];

/** How often each outcome comes up after the showcase (weights). */
const LATER_OUTCOMES: ReadonlyArray<readonly [Outcome, number]> = [
  [Outcome.Succeed, 70],
  [Outcome.Fail, 12],
  [Outcome.Cancel, 8],
  [Outcome.Chatty, 5],
  [Outcome.Stall, 5],
];

/** Options of {@link createSimulator}. */
export interface SimulatorOptions {
  sink: RunSink;
  /** Seed of every random choice (default 1): the same seed plays the same runs. */
  seed?: number;
  /** Time runs this many times faster than real (default 1). */
  speed?: number;
  /** Runs playing at once; more wait queued (default 6). */
  concurrency?: number;
  /** Queued runs kept waiting for a slot (default 3). */
  queued?: number;
  /** Most runs this simulator creates, so a forgotten demo does not grow forever (default 1000). */
  maxRuns?: number;
  /** How often a new run is queued, at speed 1 (default 12 s). */
  spawnEveryMs?: number;
  /** Outcomes of the first runs (default {@link SHOWCASE}). */
  showcase?: readonly Outcome[];
  /** Kinds of job to pick from (default all scenarios). */
  kinds?: readonly RunKindSpec[];
  /** Run ids are `<kind>-<idPrefix>-<n>`; default from the clock, so restarts do not collide. */
  idPrefix?: string;
  /** Tuning of every run's script (length, stall, burst). */
  script?: Pick<ScriptOptions, 'durationMs' | 'stallMs' | 'burst'>;
  timers?: Timers;
  /** Called when a run cannot be written (the run is dropped; the others go on). */
  onError?: (error: unknown, runId: string) => void;
}

/** Where one simulated run stands. */
export type SimulatedRunState = 'queued' | 'playing' | 'done' | 'stopped' | 'broken';

/** One run the simulator created. */
export interface SimulatedRun {
  readonly id: string;
  readonly kind: string;
  readonly outcome: Outcome;
  readonly script: RunScript;
  state: SimulatedRunState;
}

/** A running simulator. */
export interface Simulator {
  /** Creates the first runs and starts playing; resolves once they are created. */
  start(): Promise<void>;
  /** Stops every run where it is and waits for writes under way; final. */
  stop(): Promise<void>;
  /** Every run created so far, oldest first. */
  runs(): readonly SimulatedRun[];
  /** Resolves when the cap is reached and every run has finished playing. */
  settled(): Promise<void>;
}

/** Creates a simulator writing into `options.sink`. Nothing happens before `start()`. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const seed = options.seed ?? 1;
  const speed = options.speed ?? 1;
  const concurrency = options.concurrency ?? 6;
  const queueDepth = options.queued ?? 3;
  const maxRuns = options.maxRuns ?? 1000;
  const spawnEveryMs = (options.spawnEveryMs ?? 12_000) / speed;
  const showcase = options.showcase ?? SHOWCASE;
  const kinds = options.kinds ?? RUN_KINDS;
  const timers = options.timers ?? systemTimers;
  const idPrefix = options.idPrefix ?? timers.now().toString(36);
  const onError = options.onError ?? (() => {});
  const choices = createRandom(seed).fork('choices');

  const all: SimulatedRun[] = [];
  const queue: SimulatedRun[] = [];
  const players = new Map<string, ScriptPlayer>();
  const pending = new Set<Promise<unknown>>();
  let stopped = false;
  let spawnTimer: unknown;
  let settle: (() => void) | undefined;
  const settledPromise = new Promise<void>((resolve) => (settle = resolve));

  function plan(index: number): SimulatedRun {
    const outcome = index < showcase.length ? (showcase[index] as Outcome) : weighted(choices, LATER_OUTCOMES);
    const kind = index < showcase.length ? (kinds[index % kinds.length] as RunKindSpec) : choices.pick(kinds);
    const id = `${kind.kind}-${idPrefix}-${String(index + 1).padStart(3, '0')}`;
    const script = buildRunScript({
      ...options.script,
      id,
      kind,
      outcome,
      speed,
      random: createRandom(seed).fork(index),
    });
    return { id, kind: kind.kind, outcome, script, state: 'queued' };
  }

  // Every async step is tracked, so stop() can wait for the writes under way.
  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => {});
    return promise;
  }

  async function enqueue(): Promise<void> {
    const run = plan(all.length);
    all.push(run);
    try {
      await options.sink.createRun(run.script.create);
    } catch (error) {
      run.state = 'broken';
      onError(error, run.id);
      return;
    }
    queue.push(run);
  }

  function pump(): void {
    while (!stopped && players.size < concurrency && queue.length > 0) {
      const run = queue.shift() as SimulatedRun;
      const player = new ScriptPlayer(run.script, options.sink, timers);
      players.set(run.id, player);
      run.state = 'playing';
      void track(player.play()).then(
        (result) => finish(run, result === 'finished' ? 'done' : 'stopped'),
        (error: unknown) => {
          onError(error, run.id);
          finish(run, 'broken');
        },
      );
    }
    checkSettled();
  }

  function finish(run: SimulatedRun, state: SimulatedRunState): void {
    run.state = state;
    players.delete(run.id);
    pump();
  }

  function checkSettled(): void {
    if (all.length >= maxRuns && players.size === 0 && queue.length === 0) settle?.();
  }

  function scheduleSpawn(): void {
    if (stopped || all.length >= maxRuns) return;
    spawnTimer = timers.setTimeout(() => {
      void track(
        (async () => {
          if (!stopped && queue.length < queueDepth && all.length < maxRuns) await enqueue();
          pump();
          scheduleSpawn();
        })(),
      );
    }, spawnEveryMs);
  }

  return {
    async start() {
      // Enough to fill every slot and leave `queued` waiting, so the page shows all states at once.
      const first = Math.min(maxRuns, Math.max(showcase.length, concurrency) + queueDepth);
      await track(
        (async () => {
          for (let i = 0; i < first && !stopped; i++) await enqueue();
        })(),
      );
      pump();
      scheduleSpawn();
    },
    async stop() {
      stopped = true;
      timers.clearTimeout(spawnTimer);
      for (const player of players.values()) player.stop();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    runs: () => all,
    settled: () => settledPromise,
  };
}

function weighted<T>(random: Random, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.float(0, total);
  for (const [value, w] of table) {
    roll -= w;
    if (roll < 0) return value;
  }
  return (table.at(-1) as readonly [T, number])[0];
}
