/**
 * The open streaming connections: bounded in number, each bounded in queued bytes, all
 * closed together on shutdown.
 * @module
 */

/** One open streaming connection (an SSE response or a WebSocket). */
export interface StreamConnection {
  /** Bytes written but not yet handed to the operating system. */
  bufferedBytes(): number;
  /** Ends the connection politely because the server is going away. */
  shutdown(): void;
}

/** Counts of what the server holds open, for tests and operators. */
export interface StreamStats {
  /** Open streaming connections. */
  connections: number;
  /** Bytes queued in the process over all of them. */
  bufferedBytes: number;
  /** Connections dropped because their reader fell behind (or a WebSocket stopped answering pings). */
  dropped: number;
  /** Connections refused because the bound was reached. */
  refused: number;
}

/** Tracks streaming connections under a bound. */
export class ConnectionRegistry {
  readonly #open = new Set<StreamConnection>();
  #dropped = 0;
  #refused = 0;

  constructor(private readonly max: number) {}

  /** Registers `conn`, or returns false (and counts a refusal) when the bound is reached. */
  tryAdd(conn: StreamConnection): boolean {
    if (this.#open.size >= this.max) {
      this.#refused++;
      return false;
    }
    this.#open.add(conn);
    return true;
  }

  /** Whether another connection would be refused right now. */
  get full(): boolean {
    return this.#open.size >= this.max;
  }

  remove(conn: StreamConnection): void {
    this.#open.delete(conn);
  }

  /** Counts a connection dropped for falling behind or going silent. */
  countDrop(): void {
    this.#dropped++;
  }

  /** Ends every connection (server shutdown). */
  shutdownAll(): void {
    for (const conn of [...this.#open]) conn.shutdown();
  }

  stats(): StreamStats {
    let bufferedBytes = 0;
    for (const conn of this.#open) bufferedBytes += conn.bufferedBytes();
    return { connections: this.#open.size, bufferedBytes, dropped: this.#dropped, refused: this.#refused };
  }
}
