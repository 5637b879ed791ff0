/**
 * Limits and defaults that are part of the contract, all in one place: docs/contract.md
 * ("Limits and defaults") lists each constant with its value, and docs/openapi.json takes
 * its defaults and maxima from here (`test/contract/limits-in-docs.test.ts` fails when
 * either disagrees). A producer that stays inside them is never refused for size (see
 * {@link DEFAULT_MAX_BODY_BYTES} for the one limit counted in bytes), and a client may
 * rely on them when sizing buffers.
 *
 * Text lengths count UTF-16 code units, as JavaScript's `String.length` and the schemas'
 * `maxLength` do: a character outside the Basic Multilingual Plane (an emoji) counts 2,
 * any other character 1, whatever its UTF-8 size.
 * @module
 */

/** Longest log line text, in UTF-16 code units (1 MiB of ASCII). */
export const MAX_LOG_TEXT = 1_048_576;
/** Longest phase key, step key, kind, title, label, message, error message or code, in UTF-16 code units. */
export const MAX_SHORT_TEXT = 4_096;
/** Most steps in a run's checklist. */
export const MAX_STEPS = 1_000;
/** Most events in one append request. */
export const MAX_BATCH = 5_000;
/** Longest run id, in characters (ASCII only, so also bytes); ids match {@link RUN_ID_PATTERN}. */
export const MAX_RUN_ID = 64;
/**
 * Characters allowed in a run id: URL-safe without escaping. Except `__proto__`,
 * `constructor` and `prototype`: ids are keys of JSON objects (heartbeat `runs`), and
 * JavaScript code, valibot's `record` among it, drops or mangles those three keys, so such
 * a run would lose its cursor on some clients (issue 13). Refused everywhere instead.
 */
export const RUN_ID_PATTERN = /^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9_-]{1,64}$/;
/**
 * Largest page of events a server returns, whatever `limit` asks: the maximum (and the
 * default) of `limit` on `GET /runs/{id}/events`, the maximum of `tail` on
 * `GET /runs/{id}/logs` and of `limit` on `GET /poll`. Larger values are clamped to it.
 */
export const MAX_PAGE = 5_000;
/** Runs per page of `GET /runs` when `limit` is not given. */
export const DEFAULT_LIST_LIMIT = 20;
/** Most runs per page of `GET /runs`; a larger `limit` is clamped to it. */
export const MAX_LIST_LIMIT = 100;
/** Events per run in one `GET /poll` answer when `limit` is not given (at most {@link MAX_PAGE}). */
export const DEFAULT_POLL_LIMIT = 1_000;
/** Log lines of `GET /runs/{id}/logs` when `tail` is not given (at most {@link MAX_PAGE}). */
export const DEFAULT_LOG_TAIL = 200;
/** Longest `Idempotency-Key` header, in characters (visible ASCII, `!` to `~`). */
export const MAX_IDEMPOTENCY_KEY = 200;
/** Longest token in a WebSocket `auth` message, in UTF-16 code units. */
export const MAX_TOKEN = 8_192;
/** How long a WebSocket may take to send `auth` when the server has tokens (else close 4408), in milliseconds. */
export const AUTH_TIMEOUT_MS = 10_000;
/**
 * The reference server's default limit of a request body, in bytes (4 MiB); a larger
 * body is `413`. Unlike the text limits this counts the body's UTF-8 bytes, JSON escapes
 * included, so a batch within every other limit can still be too large: split it.
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
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
