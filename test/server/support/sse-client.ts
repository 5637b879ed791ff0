/**
 * A test SSE client over `fetch` with the `eventsource-parser` library: it exposes the
 * status and headers, and every message with its `event` name and `id`, so tests can
 * check the exact framing a browser's EventSource would see.
 * @module
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One open (or refused) SSE response. */
export class SseClient {
  readonly messages: EventSourceMessage[] = [];
  retry: number | undefined;
  /** Settles when the server ends the stream (or the client aborts it). */
  readonly ended: Promise<void>;
  #waiters: Array<() => void> = [];
  #done = false;
  #gate: Promise<void> = Promise.resolve();
  #open: (() => void) | undefined;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    const parser = createParser({
      onEvent: (message) => {
        this.messages.push(message);
        this.#wake();
      },
      onRetry: (ms) => (this.retry = ms),
    });
    const body = response.body;
    this.ended = (async () => {
      if (!body) return;
      const decoder = new TextDecoder();
      try {
        const reader = body.getReader();
        for (;;) {
          await this.#gate;
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // Aborted or reset: `ended` only says the stream is over.
      } finally {
        this.#done = true;
        this.#wake();
      }
    })();
  }

  /** Opens `url` with optional headers. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
    return new SseClient(response, abort);
  }

  get done(): boolean {
    return this.#done;
  }

  /** Waits until `predicate` holds for the messages so far (or fails after `timeoutMs`). */
  async until(predicate: (messages: EventSourceMessage[]) => boolean, timeoutMs = 5000): Promise<EventSourceMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (this.#done)
        throw new Error(`stream ended before the condition held; got ${JSON.stringify(this.messages.map(brief))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.messages.map(brief))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    return this.messages;
  }

  /** Waits for a message named `event` (undefined = run events) and returns it. */
  async next(event: string | undefined, timeoutMs = 5000): Promise<EventSourceMessage> {
    const start = this.messages.length;
    await this.until((m) => m.slice(start).some((x) => x.event === event), timeoutMs);
    return this.messages.slice(start).find((x) => x.event === event)!;
  }

  /** Unnamed messages' data, parsed. */
  runEvents<T = { seq: number; type: string; text?: string }>(): T[] {
    return this.messages.filter((m) => m.event === undefined).map((m) => JSON.parse(m.data) as T);
  }

  /** Stops reading the body (the server sees a stalled reader) until {@link resume}. */
  pause(): void {
    if (!this.#open) this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  resume(): void {
    this.#open?.();
    this.#open = undefined;
  }

  close(): void {
    this.abort.abort();
  }

  #wake(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

function brief(m: EventSourceMessage): string {
  return `${m.event ?? 'message'}#${m.id ?? ''}:${m.data.slice(0, 80)}`;
}
