/**
 * The closed vocabularies of the contract: run statuses, step states, log levels and
 * the non-recovery reasons. Each is a `const` object plus a union type of the same
 * name (not a TypeScript `enum`), so values are plain strings on the wire and in JS.
 * @module
 */

/** Lifecycle of a run. `succeeded`, `failed` and `cancelled` are terminal. */
export const RunStatus = {
  Queued: 'queued',
  Running: 'running',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
/** One of {@link RunStatus}'s values. */
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

/** Every run status, in lifecycle order. */
export const RUN_STATUSES: readonly RunStatus[] = Object.values(RunStatus);

/** Whether a status ends the run: no event may follow it and streams close after it. */
export function isTerminalStatus(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}

/** State of one step in a run's checklist. */
export const StepState = {
  Waiting: 'waiting',
  Running: 'running',
  Done: 'done',
  Failed: 'failed',
  Skipped: 'skipped',
} as const;
/** One of {@link StepState}'s values. */
export type StepState = (typeof StepState)[keyof typeof StepState];
/** Every step state. */
export const STEP_STATES: readonly StepState[] = Object.values(StepState);

/** Severity of a log line. */
export const LogLevel = {
  Debug: 'debug',
  Info: 'info',
  Warn: 'warn',
  Error: 'error',
} as const;
/** One of {@link LogLevel}'s values. */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];
/** Every log level, least severe first. */
export const LOG_LEVELS: readonly LogLevel[] = Object.values(LogLevel);

/** Output stream a log line came from. */
export const LogStream = { Stdout: 'stdout', Stderr: 'stderr' } as const;
/** One of {@link LogStream}'s values. */
export type LogStream = (typeof LogStream)[keyof typeof LogStream];
/** Every log stream. */
export const LOG_STREAMS: readonly LogStream[] = Object.values(LogStream);

/**
 * Why a server could not resume a stream from the cursor a client gave.
 * - `trimmed`: events after the cursor are no longer retained.
 * - `ahead`: the cursor is beyond the run's last event (the client saw history the
 *   server no longer has, e.g. after a store was restored from an older backup).
 */
export const ResetReason = { Trimmed: 'trimmed', Ahead: 'ahead' } as const;
/** One of {@link ResetReason}'s values. */
export type ResetReason = (typeof ResetReason)[keyof typeof ResetReason];
export const RESET_REASONS: readonly ResetReason[] = Object.values(ResetReason);
