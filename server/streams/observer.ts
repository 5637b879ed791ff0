/**
 * What the streaming layer tells the outside about its work, for metrics: it counts, the
 * observer decides what to do with the counts. Kept as an interface so the streams know
 * nothing of Prometheus.
 * @module
 */

/** The transport of a streaming connection. */
export type StreamTransport = 'sse' | 'websocket';

/** Told about deliveries, catch-up reads and dropped readers. Every method must be cheap. */
export interface StreamObserver {
  /** One event was handed to a connection of `transport` (`poll` for a poll answer). */
  delivered(transport: StreamTransport | 'poll', events: number): void;
  /** A page of stored events was read to catch a subscription up. */
  catchUpRead(): void;
  /** A reader of `transport` fell too far behind (or went silent) and was cut off. */
  dropped(transport: StreamTransport): void;
  /** A stream was refused because a connection bound was reached. */
  refused(reason: 'full' | 'principal' | 'address'): void;
}

/** An observer that ignores everything. */
export const NO_OBSERVER: StreamObserver = {
  delivered() {},
  catchUpRead() {},
  dropped() {},
  refused() {},
};
