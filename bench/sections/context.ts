/**
 * What every bench section is handed: the mode, a tracker for the servers it spawns (so the
 * runner can stop them all if a section throws), a fresh SQLite path and a progress logger.
 * @module
 */
import type { ServerProcess } from '../lib/proc.js';

/** A section's result, written as-is into report.json. */
export type Json = Record<string, unknown>;

/** `smoke`: tiny counts for the shape test; `quick`: what CI runs; `full`: the figures. */
export type BenchMode = 'smoke' | 'quick' | 'full';

/** Shared state of one bench run. */
export interface BenchContext {
  mode: BenchMode;
  /** True in quick and smoke mode. */
  quick: boolean;
  smoke: boolean;
  /** A temporary directory deleted after the run. */
  tmp: string;
  /** Awaits a spawned server and remembers it until {@link BenchContext.stop}. */
  track<T extends ServerProcess>(p: Promise<T>): Promise<T>;
  /** Stops a tracked server. */
  stop(s: ServerProcess): Promise<void>;
  /** A new SQLite file path in {@link BenchContext.tmp}. */
  sqliteSpec(): string;
  /** One progress line on stderr. */
  log(line: string): void;
  /**
   * Records a failed correctness check (exactly once, page log == server log): the run
   * still writes its report, then exits non-zero.
   */
  fail(check: string): void;
}

/** One section of the report. */
export type SectionRunner = (ctx: BenchContext) => Promise<Json>;

/** Picks the value for the run's mode. */
export function byMode<T>(ctx: BenchContext, values: { smoke: T; quick: T; full: T }): T {
  return values[ctx.mode];
}
