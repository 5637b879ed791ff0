/**
 * Liveness of streaming connections: a connection that has been silent for longer than
 * the heartbeat interval plus a grace is dead, even if the socket never said so (a
 * proxy that blackholes, a laptop that slept). The deadline is wall-clock and is
 * re-checked on demand, because the timer that should enforce it may be throttled (the
 * connection's deadline, src/transports/connection.ts).
 * @module
 */
/** The silence allowed for a heartbeat interval: 1.5 × interval + 2 s (docs/contract.md). */
export function silenceAllowance(heartbeatMs: number): number {
  return Math.ceil(heartbeatMs * 1.5) + 2_000;
}
