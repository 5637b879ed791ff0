/**
 * Errors a run store throws that its callers act on. The HTTP layer maps
 * {@link StoreUnavailableError} to `503` with `Retry-After`; anything else a store throws
 * is a bug or a misconfiguration and becomes a `500`.
 * @module
 */

/** Options of {@link StoreUnavailableError}. */
export interface StoreUnavailableErrorOptions {
  /** The error the store's engine or driver raised. */
  cause?: unknown;
  /** How long a caller should wait before retrying, in milliseconds. */
  retryAfterMs?: number | undefined;
  /**
   * True when a write may or may not have been stored (the engine went away after the
   * request was sent). Retrying with the same idempotency key is safe either way.
   */
  ambiguous?: boolean | undefined;
  /**
   * True when the engine is out of memory or disk: writes fail until an operator makes
   * room or retention deletes enough, so callers answer `507` rather than a short `503`.
   */
  full?: boolean | undefined;
}

/**
 * The store's engine cannot be reached right now (restarting, unreachable, loading its
 * data, overloaded). Nothing was silently dropped or queued: the caller should retry
 * after {@link StoreUnavailableError.retryAfterMs}. Appends retried with the same
 * idempotency key are never stored twice.
 */
export class StoreUnavailableError extends Error {
  /** Suggested wait before a retry, in milliseconds. */
  readonly retryAfterMs: number;
  /** Whether a write may have been stored despite this error (see the options). */
  readonly ambiguous: boolean;
  /** Whether the engine is full rather than away (see the options). */
  readonly full: boolean;

  constructor(message: string, options: StoreUnavailableErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.retryAfterMs = options.retryAfterMs ?? 1_000;
    this.ambiguous = options.ambiguous ?? false;
    this.full = options.full ?? false;
  }
}

/** Whether `error` is a {@link StoreUnavailableError} (also across module copies). */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError || (error instanceof Error && error.name === 'StoreUnavailableError');
}

/** Thrown (as a rejection) by calls made after a store's `close()`. */
export class StoreClosedError extends Error {
  constructor(what: string) {
    super(`${what} is closed`);
    this.name = 'StoreClosedError';
  }
}
