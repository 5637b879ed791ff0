/**
 * A queue between a push source (an SSE body, a WebSocket) and a check that pulls from it
 * with a deadline. Checks read streams as "the next message, within N ms", which keeps
 * every wait bounded and every failure message specific.
 * @module
 */

/** What {@link InboxReader.next} answers. */
export type Received<T> = { kind: 'item'; value: T } | { kind: 'closed'; reason: string } | { kind: 'timeout' };

/** The reading side of an `Inbox` (a queue of what a stream received): what a check awaits. */
export interface InboxReader<T> {
  /** Whether the source has ended (items already queued can still be read). */
  readonly closed: boolean;
  /** Number of items received and not yet read. */
  readonly pending: number;
  /** The next item, or `closed`, or `timeout` when nothing came within `withinMs`. */
  next(withinMs: number): Promise<Received<T>>;
}

/** An unbounded FIFO of received items that can be awaited one at a time. */
export class Inbox<T> implements InboxReader<T> {
  private readonly items: T[] = [];
  private waiter: ((r: Received<T>) => void) | undefined;
  private closedReason: string | undefined;

  /** Whether the source has ended (items already queued can still be read). */
  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** Number of items received and not yet read. */
  get pending(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.closedReason !== undefined) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter({ kind: 'item', value: item });
    } else {
      this.items.push(item);
    }
  }

  /** Marks the end of the source; pending and later `next()` calls see `closed` once drained. */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ kind: 'closed', reason });
  }

  /** The next item, or `closed`, or `timeout` when nothing came within `withinMs`. */
  next(withinMs: number): Promise<Received<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ kind: 'item', value: item });
    if (this.closedReason !== undefined) return Promise.resolve({ kind: 'closed', reason: this.closedReason });
    if (this.waiter) return Promise.reject(new Error('Inbox.next() called while another read is waiting'));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ kind: 'timeout' });
      }, withinMs);
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
  }
}
