/**
 * Typed errors of the transport layer. Each carries the {@link CloseReason} it stands
 * for, so callers act on data rather than on message text.
 * @module
 */
import type { Problem } from '../contract/types.js';
import type { CloseReason } from './close-reason.js';

/** A request failed: an error status, the network, or a body that broke the contract. */
export class TransportError extends Error {
  constructor(
    readonly reason: CloseReason,
    options?: { cause?: unknown },
  ) {
    super(reason.message, options);
    this.name = 'TransportError';
  }

  /** The HTTP status, when the server answered one. */
  get status(): number | undefined {
    return this.reason.status;
  }

  /** The problem body, when the server sent one. */
  get problem(): Problem | undefined {
    return this.reason.problem;
  }
}

/** A message did not fit the contract; it was skipped. */
export interface MalformedMessage {
  message: string;
  /** The payload's structure without its content (see `shapeOf`). */
  shape: unknown;
}
