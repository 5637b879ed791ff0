/**
 * The responses a server has not finished, so a drain can wait for them: requests in
 * flight during a rolling restart are answered, not cut.
 * @module
 */
import type { ServerResponse } from 'node:http';

/** Responses not yet closed (streams included). */
export class InFlight {
  readonly #open = new Set<ServerResponse>();
  #settled: (() => void) | undefined;

  get size(): number {
    return this.#open.size;
  }

  /** Tracks `res` until it closes. */
  add(res: ServerResponse): void {
    this.#open.add(res);
    res.once('close', () => {
      this.#open.delete(res);
      if (this.#open.size === 0) this.#settled?.();
    });
  }

  /** Asks every response whose headers are not sent yet to close its connection after it. */
  closeConnectionsAfter(): void {
    for (const res of this.#open) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  /** Resolves once every tracked response has closed, or after `timeoutMs`. */
  async settle(timeoutMs: number): Promise<void> {
    if (this.#open.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#settled = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#settled = undefined;
  }
}
