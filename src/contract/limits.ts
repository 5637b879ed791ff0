/**
 * Size limits that are part of the contract: a producer that stays inside them is
 * never refused for size, and a client may rely on them when sizing buffers.
 * @module
 */

/** Longest log line text, in UTF-16 code units (1 MiB of ASCII). */
export const MAX_LOG_TEXT = 1_048_576;
/** Longest phase key, step key, label, message or error message. */
export const MAX_SHORT_TEXT = 4_096;
/** Most steps in a run's checklist. */
export const MAX_STEPS = 1_000;
/** Most events in one append request. */
export const MAX_BATCH = 5_000;
/** Longest run id; ids match {@link RUN_ID_PATTERN}. */
export const MAX_RUN_ID = 64;
/**
 * Characters allowed in a run id: URL-safe without escaping. Except `__proto__`,
 * `constructor` and `prototype`: ids are keys of JSON objects (heartbeat `runs`), and
 * JavaScript code, valibot's `record` among it, drops or mangles those three keys, so such
 * a run would lose its cursor on some clients (issue 13). Refused everywhere instead.
 */
export const RUN_ID_PATTERN = /^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{1,64}$/;
/** Largest page of events a server returns, whatever `limit` asks. */
export const MAX_PAGE = 5_000;
/** Default heartbeat interval of streaming transports, in milliseconds. */
export const DEFAULT_HEARTBEAT_MS = 15_000;
/**
 * How far a producer's time (an event's `time`, a step's `startedAt` / `endedAt`) may be
 * ahead of the server's clock: 5 minutes of clock skew. A later time is refused (422):
 * no honest producer reports what has not happened yet, and a time in the future would
 * stretch every duration computed from it (estimates, elapsed times).
 */
export const MAX_TIME_AHEAD_MS = 5 * 60_000;
/**
 * How far a producer's time may be behind the server's clock: 7 days, the default
 * retention of finished runs. An earlier time is refused (422). Generous on purpose, so
 * a producer that buffered events through an outage can still send them.
 */
export const MAX_TIME_BEHIND_MS = 7 * 24 * 60 * 60_000;
/**
 * Most issues one validation answer lists (a 422's `errors`). Validation stops looking
 * once it has this many, so the cost of refusing a body does not grow with how wrong it is.
 */
export const MAX_ISSUES = 20;
