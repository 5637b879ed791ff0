/**
 * The open streaming connections: bounded in number overall, per principal and per
 * address, each bounded in queued bytes, all closed together on shutdown. WebSockets
 * that have not authenticated yet wait in a small budget of their own, so sockets that
 * never send a token cannot take the slots of authenticated streams (issue 13).
 *
 * The bytes queued by one principal's connections (one address's in open mode) are
 * bounded too: a principal may hold many streams, and each may queue up to its own bound,
 * so without a budget across them one token that opens streams and never reads could make
 * the server hold `maxConnectionsPerPrincipal` × `maxBufferedBytes`. A sweep every
 * {@link BUDGET_SWEEP_MS} drops the principal's fullest connections until it is back under
 * `maxBufferedBytesPerPrincipal`; those readers resume from their cursors, as any reader
 * cut off for falling behind does.
 * @module
 */
import { KeyedCounts } from './keyed-counts.js';
import { NO_OBSERVER, type StreamObserver, type StreamTransport } from './observer.js';

/** One open streaming connection (an SSE response or a WebSocket). */
export interface StreamConnection {
  /** What carries it, for metrics. */
  readonly transport: StreamTransport;
  /** Bytes written but not yet handed to the operating system. */
  bufferedBytes(): number;
  /** Ends the connection politely because the server is going away. */
  shutdown(): void;
  /** Cuts off a reader that fell behind (it resumes from its cursor); counted as a drop. */
  drop(): void;
}

/** How often the bytes queued per principal are summed and held to their budget. */
export const BUDGET_SWEEP_MS = 250;

/** Who holds a connection: the principal's key and the client's address. */
export interface ConnectionOwner {
  /** See {@link principalKey}; undefined in open mode, where only the address bound applies. */
  principal: string | undefined;
  address: string;
}

/**
 * Why a connection was refused: the server is full (`full`, 503 / 1013), or this
 * principal or address holds its share already (`principal`, `address`: 429 / 4429).
 */
export type Refusal = 'full' | 'principal' | 'address';

/** The bounds of a {@link ConnectionRegistry} (see `RunServerLimits` for each). */
export interface ConnectionBounds {
  maxConnections: number;
  maxConnectionsPerPrincipal: number;
  maxConnectionsPerAddress: number;
  maxUnauthenticatedSockets: number;
  maxUnauthenticatedSocketsPerAddress: number;
  /** Bytes queued over one principal's connections (one address's in open mode); unbounded when absent. */
  maxBufferedBytesPerPrincipal?: number | undefined;
}

/** Counts of what the server holds open, for tests and operators. */
export interface StreamStats {
  /** Open streaming connections. */
  connections: number;
  /** WebSockets that have not authenticated yet (not counted in `connections`). */
  unauthenticated: number;
  /** Bytes queued in the process over all of them. */
  bufferedBytes: number;
  /** Connections dropped because their reader fell behind (or a WebSocket stopped answering pings). */
  dropped: number;
  /** Connections refused because a bound was reached. */
  refused: number;
  /** Open streaming connections by transport. */
  byTransport: Record<StreamTransport, number>;
}

/** Tracks streaming connections under their bounds. */
export class ConnectionRegistry {
  readonly #open = new Map<StreamConnection, ConnectionOwner>();
  readonly #pending = new Map<StreamConnection, string>();
  readonly #byPrincipal = new KeyedCounts();
  readonly #byAddress = new KeyedCounts();
  readonly #pendingByAddress = new KeyedCounts();
  readonly #bounds: ConnectionBounds;
  #dropped = 0;
  #refused = 0;
  #sweep: ReturnType<typeof setInterval> | undefined;
  #shutDown = false;

  /** `bounds` as a number: only the overall bound (the others then as large). */
  constructor(
    bounds: ConnectionBounds | number,
    private readonly observer: StreamObserver = NO_OBSERVER,
  ) {
    this.#bounds =
      typeof bounds === 'number'
        ? {
            maxConnections: bounds,
            maxConnectionsPerPrincipal: bounds,
            maxConnectionsPerAddress: bounds,
            maxUnauthenticatedSockets: bounds,
            maxUnauthenticatedSocketsPerAddress: bounds,
          }
        : bounds;
  }

  /**
   * Registers `conn` for `owner` (moving it out of the unauthenticated budget if it was
   * there), or counts a refusal and answers why.
   */
  tryAdd(conn: StreamConnection, owner: ConnectionOwner): Refusal | undefined {
    const b = this.#bounds;
    let refusal: Refusal | undefined;
    // After a shutdown began, a stream that was still being set up must not open.
    if (this.#shutDown || this.#open.size >= b.maxConnections) refusal = 'full';
    else if (owner.principal !== undefined && this.#byPrincipal.get(owner.principal) >= b.maxConnectionsPerPrincipal)
      refusal = 'principal';
    else if (this.#byAddress.get(owner.address) >= b.maxConnectionsPerAddress) refusal = 'address';
    if (refusal) {
      this.#refused++;
      this.observer.refused(refusal);
      return refusal;
    }
    this.#removePending(conn);
    this.#open.set(conn, owner);
    if (owner.principal !== undefined) this.#byPrincipal.add(owner.principal);
    this.#byAddress.add(owner.address);
    this.#startSweep();
    return undefined;
  }

  /** Registers a WebSocket that has not authenticated yet, in the budget apart. */
  tryAddUnauthenticated(conn: StreamConnection, address: string): Refusal | undefined {
    const b = this.#bounds;
    let refusal: Refusal | undefined;
    if (this.#shutDown || this.#pending.size >= b.maxUnauthenticatedSockets) refusal = 'full';
    else if (this.#pendingByAddress.get(address) >= b.maxUnauthenticatedSocketsPerAddress) refusal = 'address';
    if (refusal) {
      this.#refused++;
      this.observer.refused(refusal);
      return refusal;
    }
    this.#pending.set(conn, address);
    this.#pendingByAddress.add(address);
    return undefined;
  }

  /** Forgets `conn`, wherever it was counted. */
  remove(conn: StreamConnection): void {
    this.#removePending(conn);
    const owner = this.#open.get(conn);
    if (!owner) return;
    this.#open.delete(conn);
    if (owner.principal !== undefined) this.#byPrincipal.remove(owner.principal);
    this.#byAddress.remove(owner.address);
  }

  /** Counts a connection dropped for falling behind or going silent. */
  countDrop(conn: StreamConnection): void {
    this.#dropped++;
    this.observer.dropped(conn.transport);
  }

  /** Ends every connection, authenticated or not (server shutdown). */
  shutdownAll(): void {
    this.#shutDown = true;
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    for (const conn of [...this.#open.keys(), ...this.#pending.keys()]) conn.shutdown();
  }

  /**
   * Drops the fullest connections of every principal (every address in open mode) that
   * queues more than `maxBufferedBytesPerPrincipal`, until it is back under; answers how
   * many were dropped. Runs every {@link BUDGET_SWEEP_MS} while connections are open.
   */
  enforceBudgets(): number {
    const budget = this.#bounds.maxBufferedBytesPerPrincipal;
    if (budget === undefined || !Number.isFinite(budget)) return 0;
    const groups = new Map<string, Array<{ conn: StreamConnection; bytes: number }>>();
    const totals = new Map<string, number>();
    for (const [conn, owner] of this.#open) {
      const bytes = conn.bufferedBytes();
      if (bytes === 0) continue;
      const key = owner.principal ?? `address ${owner.address}`;
      const group = groups.get(key);
      if (group) group.push({ conn, bytes });
      else groups.set(key, [{ conn, bytes }]);
      totals.set(key, (totals.get(key) ?? 0) + bytes);
    }
    let dropped = 0;
    for (const [key, group] of groups) {
      let total = totals.get(key) ?? 0;
      if (total <= budget) continue;
      group.sort((a, b) => b.bytes - a.bytes);
      for (const { conn, bytes } of group) {
        if (total <= budget) break;
        conn.drop();
        total -= bytes;
        dropped++;
      }
    }
    return dropped;
  }

  stats(): StreamStats {
    let bufferedBytes = 0;
    const byTransport: Record<StreamTransport, number> = { sse: 0, websocket: 0 };
    for (const conn of this.#open.keys()) {
      bufferedBytes += conn.bufferedBytes();
      byTransport[conn.transport]++;
    }
    return {
      byTransport,
      connections: this.#open.size,
      unauthenticated: this.#pending.size,
      bufferedBytes,
      dropped: this.#dropped,
      refused: this.#refused,
    };
  }

  #startSweep(): void {
    const budget = this.#bounds.maxBufferedBytesPerPrincipal;
    if (this.#sweep !== undefined || budget === undefined || !Number.isFinite(budget)) return;
    this.#sweep = setInterval(() => {
      if (this.#open.size === 0) {
        clearInterval(this.#sweep);
        this.#sweep = undefined;
      } else this.enforceBudgets();
    }, BUDGET_SWEEP_MS);
    // The sweep must never keep a process alive by itself.
    this.#sweep.unref?.();
  }

  #removePending(conn: StreamConnection): void {
    const address = this.#pending.get(conn);
    if (address === undefined) return;
    this.#pending.delete(conn);
    this.#pendingByAddress.remove(address);
  }
}

/**
 * The key a principal's connections are counted under: its tenant and role. Undefined in
 * open mode: there everyone is the one anonymous principal, so a bound per principal would
 * be a second, smaller global bound; clients are told apart by address instead.
 */
export function principalKey(principal: { tenant: string; role: string; anonymous?: boolean }): string | undefined {
  return principal.anonymous ? undefined : `${principal.role}:${principal.tenant}`;
}
