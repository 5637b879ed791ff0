/**
 * The bytes of REST answers that are written but not yet taken by their clients, counted
 * per principal. A client that asks for pages and never reads them leaves each answer in
 * the process's memory (the kernel buffers only so much); without a bound per principal,
 * ten such clients held 3.6 GB (issue 13). Over the bound a read is refused with 429 until
 * the principal's clients take what they were sent.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemType } from '../../src/contract/index.js';
import type { Principal } from '../auth/principal.js';
import { principalKey } from '../streams/connections.js';
import { KeyedCounts } from '../streams/keyed-counts.js';
import { HttpProblem, problem } from '../shared/problem.js';

/** `Retry-After` of a read refused because the principal's answers are still unsent, in seconds. */
export const UNSENT_RETRY_AFTER_S = 2;

/** Unsent answer bytes per principal, under a bound. */
export class UnsentBytes {
  readonly #held = new KeyedCounts();

  constructor(
    private readonly maxPerPrincipal: number,
    private readonly addressOf: (req: IncomingMessage) => string = (req) => req.socket.remoteAddress ?? '',
  ) {}

  /**
   * Counts `bytes` about to be written to `res` against `principal` (see {@link keyOf})
   * until the response has been handed to the operating system (or the client left).
   * Throws a 429 problem when the principal is over its bound; an answer is always allowed
   * when none is pending, so one answer larger than the bound is still served.
   */
  hold(req: IncomingMessage, res: ServerResponse, principal: Principal, bytes: number): void {
    const key = UnsentBytes.keyOf(principal, this.addressOf(req));
    const held = this.#held.get(key);
    if (held > 0 && held + bytes > this.maxPerPrincipal) {
      const detail = 'Too many answers not yet read by the clients of this token; read them first.';
      throw new HttpProblem(problem(429, ProblemType.RateLimited, detail), {
        'Retry-After': String(UNSENT_RETRY_AFTER_S),
      });
    }
    this.#held.add(key, bytes);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#held.remove(key, bytes);
    };
    res.once('finish', release);
    res.once('close', release);
  }

  /**
   * The key `req`'s answers count under: its principal, or its address in open mode (where
   * everyone is the one anonymous principal).
   */
  static keyOf(principal: Principal, address: string): string {
    return principalKey(principal) ?? `addr:${address}`;
  }

  /** Bytes held under `key` now (tests, stats). */
  heldBy(key: string): number {
    return this.#held.get(key);
  }
}
