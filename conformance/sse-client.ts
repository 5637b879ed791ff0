/**
 * A minimal SSE reader over `fetch` (so it can send `Authorization` and `Last-Event-ID`,
 * which `EventSource` cannot), parsing with eventsource-parser. Messages land in an
 * {@link Inbox} the check reads with deadlines.
 * @module
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { CheckFailure } from './assert.js';
import { describeError } from './http.js';
import { Inbox, type InboxReader } from './inbox.js';

/** One SSE message; `event` is `message` when the server named none. */
export interface SseMessage {
  event: string;
  id: string | undefined;
  data: string;
}

/** An open (or refused) SSE response. */
export interface SseStream {
  url: string;
  status: number;
  headers: Headers;
  /** The body text when the server did not answer a stream (an error, a 204). */
  text: string;
  /** Messages in arrival order; closed when the server ends the body. */
  messages: InboxReader<SseMessage>;
  /** The `retry:` value last sent, if any. */
  retryMs: number | undefined;
  /** Stops reading and drops the connection. */
  close(): void;
}

/**
 * Opens `url` as an event stream. A non-2xx or non-stream answer is read fully and
 * returned with an empty, closed inbox, so checks can assert on refusals too.
 */
export async function openSse(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<SseStream> {
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  } catch (error) {
    signal.removeEventListener('abort', onAbort);
    throw new CheckFailure(`GET ${url} failed: ${describeError(error)}`);
  }
  const messages = new Inbox<SseMessage>();
  const stream: SseStream = {
    url,
    status: res.status,
    headers: res.headers,
    text: '',
    messages,
    retryMs: undefined,
    close() {
      abort.abort();
      messages.close('closed by the check');
    },
  };
  const isStream = (res.headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream');
  if (!res.ok || !isStream || !res.body) {
    stream.text = await res.text().catch(() => '');
    messages.close(`not a stream (status ${res.status})`);
    signal.removeEventListener('abort', onAbort);
    return stream;
  }
  const parser = createParser({
    onEvent: (m: EventSourceMessage) => messages.push({ event: m.event ?? 'message', id: m.id, data: m.data }),
    onRetry: (ms) => {
      stream.retryMs = ms;
    },
  });
  void pump(res.body, parser.feed.bind(parser), messages).finally(() => {
    signal.removeEventListener('abort', onAbort);
  });
  return stream;
}

async function pump(body: ReadableStream<Uint8Array>, feed: (text: string) => void, messages: Inbox<SseMessage>) {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(decoder.decode(value, { stream: true }));
    }
    messages.close('the server ended the stream');
  } catch (error) {
    messages.close(`the stream broke: ${describeError(error)}`);
  }
}
