import type { LogFields, RunServerLogger } from '../../server/ops/logger.js';

type Level = keyof RunServerLogger;

/**
 * A logger that appends one line per call to `lines`, for the levels given (warnings
 * and errors by default): `warn: <message> {fields}: <error message>`.
 */
export function recordingLogger(lines: string[], levels: readonly Level[] = ['warn', 'error']): RunServerLogger {
  const line =
    (level: Level) =>
    (fields: LogFields, message: string): void => {
      if (!levels.includes(level)) return;
      const { err, ...rest } = fields;
      const shown = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
      const cause = err instanceof Error ? `: ${err.message}` : '';
      lines.push(`${level}: ${message}${shown}${cause}`);
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
