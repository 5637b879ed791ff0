/**
 * The fallback ladder (WebSocket → SSE → polling by default), as pure data and decisions:
 * no timers, no sockets. The connection asks it which rung to try, tells it what opened
 * and what failed, and asks which better rung is worth probing.
 * @module
 */
import type { TransportKind } from './kinds.js';

/** The default order, best first. */
export const DEFAULT_LADDER: readonly TransportKind[] = ['websocket', 'sse', 'polling'];

/** What worked before, shared by the connections of one page (keyed by base URL). */
export interface LadderMemory {
  /** The transport that last worked for `key` (a base URL), if any. */
  get(key: string): TransportKind | undefined;
  /** Remembers that `kind` worked for `key`. */
  set(key: string, kind: TransportKind): void;
}

/**
 * One connection's position on the ladder. Falls back only from a rung that has never
 * opened: a transport that worked once is trusted through later outages (a server
 * restart is no reason to give up WebSocket).
 */
export class TransportLadder {
  #index = 0;
  readonly #opened = new Set<TransportKind | undefined>();

  constructor(
    readonly order: readonly TransportKind[],
    remembered?: TransportKind,
  ) {
    if (!order.length) throw new RangeError('no transports');
    this.markOpened(remembered);
  }

  /** The rung to use now. */
  get current(): TransportKind {
    return this.order[this.#index] as TransportKind;
  }

  /** Records that `kind` opened (or, at construction, worked before); it becomes the current rung. */
  markOpened(kind: TransportKind | undefined): void {
    const at = this.order.indexOf(kind as TransportKind);
    if (at < 0) return;
    this.#index = at;
    this.#opened.add(kind);
  }
  /**
   * Records that the current rung failed. Returns `true` when the ladder stepped down
   * (the rung never opened and a lower one exists), so the caller tries the next rung at
   * once instead of backing off.
   */
  markFailed(): boolean {
    if (this.#opened.has(this.current) || this.#index >= this.order.length - 1) return false;
    this.#index += 1;
    return true;
  }

  /**
   * The rung just above the current one, worth probing in the background; none at the
   * top. One rung at a time: on polling after WebSocket and SSE were refused, SSE is
   * the likelier to work.
   */
  upgradeCandidate(): TransportKind | undefined {
    return this.#index > 0 ? this.order[this.#index - 1] : undefined;
  }
}

/** A {@link LadderMemory} in a plain map (the page-level default lives in the client). */
export function mapLadderMemory(): LadderMemory {
  return new Map<string, TransportKind>();
}
