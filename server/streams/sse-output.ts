/**
 * Writes Server-Sent Events to a response with backpressure: a reader that falls more
 * than `maxBufferedBytes` behind is disconnected (it resumes from its cursor), so a
 * stalled reader never grows server memory without bound.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionOwner, ConnectionRegistry, Refusal, StreamConnection } from './connections.js';

/** Headers of every event stream: no caching, no proxy buffering or transformation. */
export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
} as const;

/** How long a browser waits before reconnecting, sent as `retry:` first. */
export const SSE_RETRY_MS = 1000;
/** The `retry:` of a stream ended by a shutdown or drain, in ms. */
export const SHUTDOWN_RETRY_MS = 250;

/** Formats one SSE message. `data` must be one line (JSON.stringify output is). */
export function sseMessage(data: string, name?: string, id?: number): string {
  let out = '';
  if (name !== undefined) out += `event: ${name}\n`;
  if (id !== undefined) out += `id: ${id}\n`;
  return `${out}data: ${data}\n\n`;
}

/** An open event stream. */
export class SseOutput implements StreamConnection {
  readonly transport = 'sse';
  #closed = false;
  readonly #onClose: Array<() => void> = [];

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly registry: ConnectionRegistry,
    private readonly maxBufferedBytes: number,
  ) {
    res.on('close', () => this.#finish());
  }

  /**
   * Registers the stream for `owner` and sends the headers and `retry:`; answers why when
   * a connection bound refuses it (nothing is written then).
   */
  open(owner: ConnectionOwner): Refusal | undefined {
    // The client may have gone while the run was being looked up: its `close` has
    // already fired, so registering now would leak a connection that never ends.
    if (this.res.destroyed) {
      this.#closed = true;
      return undefined;
    }
    const refusal = this.registry.tryAdd(this, owner);
    if (refusal) return refusal;
    this.res.writeHead(200, SSE_HEADERS);
    this.req.socket.setNoDelay(true);
    this.write(`retry: ${SSE_RETRY_MS}\n\n`);
    return undefined;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `fn` once when the stream closes for any reason. */
  onClose(fn: () => void): void {
    if (this.#closed) fn();
    else this.#onClose.push(fn);
  }

  /** Writes, then drops the connection if its reader has fallen too far behind. */
  write(chunk: string | Buffer): void {
    if (this.#closed) return;
    this.res.write(chunk);
    if (this.bufferedBytes() > this.maxBufferedBytes) this.drop();
  }

  /** Cuts the reader off (it resumes from its cursor with `Last-Event-ID`). */
  drop(): void {
    if (this.#closed) return;
    this.registry.countDrop(this);
    this.res.destroy();
    this.#finish();
  }

  bufferedBytes(): number {
    return this.#closed ? 0 : this.res.writableLength;
  }

  /** See {@link SubscriptionSink.room}: waits while more than a quarter of the bound is queued. */
  room(): Promise<void> | undefined {
    if (this.#closed || this.bufferedBytes() <= this.maxBufferedBytes / 4) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        resolve();
      };
      this.res.on('drain', done);
      this.onClose(done);
    });
  }

  /** Ends the stream after what was written. */
  end(): void {
    if (this.#closed) return;
    this.res.end();
    this.#finish();
  }

  /**
   * Ends the stream because this server is going away, with a short `retry:` so the
   * reader reconnects at once (through a load balancer: to another worker) instead of
   * after the usual back-off.
   */
  shutdown(): void {
    this.write(`retry: ${SHUTDOWN_RETRY_MS}\n\n`);
    this.end();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.registry.remove(this);
    for (const fn of this.#onClose.splice(0)) fn();
  }
}
