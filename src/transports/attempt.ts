/**
 * The bookkeeping every transport repeats for one attempt, in one place: it ends at most
 * once (its own cleanup, then `onClose` unless the connection closed it), frames are
 * parsed and checked with malformed ones reported and skipped, the first `ready` opens
 * it, and fetch-based transports send the same authorised, uncached request.
 * @module
 */
import type { ServerFrame } from '../contract/types.js';
import type { CloseReason } from './close-reason.js';
import { parseFrame } from './frames.js';
import { authHeaders, joinUrl } from './http.js';
import type { TransportInit } from './transport.js';

/** One attempt's state, as {@link attemptOf} keeps it. */
export interface Attempt {
  /** Ended, by the server, the network or the connection: nothing more is reported. */
  done: boolean;
  /** `onOpen` was called. */
  opened: boolean;
  /** Ends the attempt; reports `reason` unless none is given (the connection closed it). */
  end(reason?: CloseReason): void;
  /** Reports the attempt open, once. */
  open(heartbeatMs?: number): void;
  /** The frames of `messages` other than `ready`, checked; the first `ready` opens the attempt. */
  read(messages: unknown[]): ServerFrame[];
  /** A `GET` of `path` under the base URL with the token in a header (never in the URL). */
  get(path: string, accept: string, signal: AbortSignal): Promise<Response>;
}

/** The bookkeeping of one attempt; `cleanup` releases what the transport holds. */
export function attemptOf(init: TransportInit, cleanup: () => void): Attempt {
  const { callbacks } = init;
  const self: Attempt = {
    done: false,
    opened: false,
    end(reason) {
      if (self.done) return;
      self.done = true;
      cleanup();
      if (reason) callbacks.onClose(reason);
    },
    open(heartbeatMs) {
      if (self.opened || self.done) return;
      self.opened = true;
      callbacks.onOpen({ heartbeatMs });
    },
    read(messages) {
      const frames: ServerFrame[] = [];
      for (const message of messages) {
        const frame = parseFrame(message, callbacks.onMalformed);
        // A re-opened stream says ready again: the attempt is still the same one.
        if (frame?.type === 'ready') self.open(frame.heartbeatMs);
        else if (frame) frames.push(frame);
      }
      return frames;
    },
    get: (path, accept, signal) =>
      init.fetch(joinUrl(init.baseUrl, path), {
        headers: authHeaders(init.token, accept),
        credentials: init.credentials,
        cache: 'no-store',
        signal,
      }),
  };
  return self;
}
