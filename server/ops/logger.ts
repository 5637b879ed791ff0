/**
 * The server's logger: structured JSON lines through pino (one object per line, with
 * `time`, `level` and `msg`), or a readable one-line-per-event format for the demo and
 * local runs (pino-pretty). Embedders may pass any logger of the same shape (a pino or
 * bunyan logger, or an adapter of their own).
 * @module
 */
import { pino, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';
import type { LogFields } from '../shared/log-fields.js';

export { errorField, type LogFields } from '../shared/log-fields.js';

/**
 * Where the server reports what an operator should see. Each method takes the fields
 * first and the message second, as pino does, so a pino logger fits as it is.
 */
export interface RunServerLogger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

/** How log lines are written: `json` for machines (the default), `pretty` for people. */
export type LogFormat = 'json' | 'pretty';

/** The levels of {@link CreateLoggerOptions.level}, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Least severe level written (default `info`). */
  level?: LevelWithSilent | undefined;
  /** Line format (default `json`). */
  format?: LogFormat | undefined;
  /** Where lines go (default standard output). */
  destination?: NodeJS.WritableStream | undefined;
}

/** A pino logger writing to standard output (or `destination`) in `format`. */
export function createLogger(options: CreateLoggerOptions = {}): RunServerLogger {
  const level = options.level ?? 'info';
  const base = { level, base: { service: 'run-progress-server' } };
  if ((options.format ?? 'json') === 'pretty') {
    // Synchronous, in this thread: a worker-thread transport would lose the last lines of
    // a process that exits right after logging (a failed start, the end of a drain).
    return pino(
      base,
      pretty({
        sync: true,
        colorize: false,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service',
        destination: options.destination ?? process.stdout,
      }),
    );
  }
  return pino(base, options.destination ?? process.stdout);
}

/** A logger that writes nothing (tests, embedders who log elsewhere). */
export function silentLogger(): RunServerLogger {
  const nothing = () => {};
  return { debug: nothing, info: nothing, warn: nothing, error: nothing };
}
