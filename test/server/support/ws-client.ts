/**
 * A test WebSocket client (`ws`) that records frames and the close code.
 * @module
 */
import WebSocket from 'ws';
import type { ServerFrame } from '../../../src/contract/index.js';

/** An open test socket. */
export class WsClient {
  readonly frames: ServerFrame[] = [];
  closeCode: number | undefined;
  closeReason = '';
  readonly closed: Promise<number>;
  #waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as ServerFrame);
      this.#wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = String(reason);
        this.#wake();
        resolve(code);
      });
    });
    ws.on('error', () => {});
  }

  /** Connects to `${apiBase}/ws`. */
  static async connect(apiBase: string): Promise<WsClient> {
    const ws = new WebSocket(apiBase.replace(/^http/, 'ws') + '/ws');
    const client = new WsClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Waits until `predicate` holds for the frames so far. */
  async until(predicate: (frames: ServerFrame[]) => boolean, timeoutMs = 5000): Promise<ServerFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closeCode !== undefined) {
        throw new Error(
          `${left <= 0 ? 'timed out' : `closed ${this.closeCode}`}; frames: ${JSON.stringify(this.frames).slice(0, 2000)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return this.frames;
  }

  /** Seqs of the event frames of `run`. */
  seqs(run: string): number[] {
    return this.frames.flatMap((f) => (f.type === 'event' && f.run === run ? [f.event.seq] : []));
  }

  close(): void {
    this.ws.close();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}
