/**
 * The shape of a structured log line's fields, shared by every layer of the server that
 * logs (the streams log from below the logger's own module, which sits with operations).
 * @module
 */

/** Fields of a log line (request ids, run ids, durations, the error as `err`). */
export type LogFields = Record<string, unknown>;

/** `error` as a log field: pino prints `err` with its type, message and stack. */
export function errorField(error: unknown): LogFields {
  return { err: error instanceof Error ? error : new Error(String(error)) };
}
