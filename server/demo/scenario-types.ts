/**
 * The shape of the demo's scenario data: kinds of job, their phases and the log lines
 * they write. Scenario files hold only data of these types; `run-script.ts` turns one
 * into a timeline of events.
 *
 * Text fields are templates (see `log-text.ts`): `{word}` picks from the kind's
 * `words`, `{int:1-9}` / `{num:1000-90000}` / `{float:0-1}` draw numbers, and
 * `{b} {dim} {red} {green} {yellow} {blue} {magenta} {cyan} {gray} {c:208}
 * {rgb:0,168,150} {/}` are ANSI styles (bold, 16-colour, 256-colour, truecolour, reset).
 * @module
 */
import type { LogLevel, LogStream } from '../../src/contract/index.js';

/** One log line template. */
export interface LineTemplate {
  text: string;
  /** Default `info`. */
  level?: LogLevel;
  stream?: LogStream;
}

/** One phase of a kind of job; phases are also the run's step checklist. */
export interface PhaseSpec {
  /** Machine key, sent as `phase` and as the step key. */
  key: string;
  /**
   * Words for the current phase ("Loading reference data…"). Left out on purpose for
   * some phases so the elements' readable fallback for bare keys shows in the demo.
   */
  label?: string;
  /** Label of the phase's checklist step; absent: the step shows its key. */
  stepLabel?: string;
  /** Share of the run's duration, relative to the other phases. */
  weight: number;
  /** The phase cannot tell how far it is: no percent (an indeterminate bar). */
  indeterminate?: boolean;
  /** Progress messages ("Scored 12,000 of 48,000 policies"); one is picked per update. */
  messages: readonly string[];
  /** Log lines this phase writes, picked at random. */
  lines: readonly LineTemplate[];
  /** A terminal progress bar redrawn with `\r`, e.g. `Downloading {file}`. */
  progressBar?: string;
}

/** How a failing run of this kind fails. */
export interface FailureSpec {
  message: string;
  code: string;
  /** Index into `phases` of the phase it fails in. */
  phase: number;
  /** Error-level lines written before the failure (a stack trace, say). */
  lines: readonly string[];
}

/** How a stalling run of this kind stalls: what it says before and after the silence. */
export interface StallSpec {
  phase: number;
  before: string;
  after: string;
}

/** A kind of job the simulator runs. */
export interface RunKindSpec {
  kind: string;
  /** Run titles, templates. */
  titles: readonly string[];
  phases: readonly PhaseSpec[];
  /** Vocabulary for `{word}` placeholders. */
  words: Readonly<Record<string, readonly string[]>>;
  failure: FailureSpec;
  stall: StallSpec;
  /** Lines written when a user cancels. */
  cancelLines: readonly string[];
}

/**
 * How a run ends. `stall` goes silent for a long time while running, then carries on;
 * `chatty` writes thousands of lines a second for a few seconds, then carries on.
 */
export const Outcome = {
  Succeed: 'succeed',
  Fail: 'fail',
  Stall: 'stall',
  Cancel: 'cancel',
  Chatty: 'chatty',
} as const;
/** One of {@link Outcome}'s values. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
