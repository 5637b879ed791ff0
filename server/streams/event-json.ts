/**
 * Serialises each event once, however many connections it goes to, and encodes its
 * per-run SSE message once too: a thousand subscribers of a run get the same bytes,
 * not a thousand copies built and UTF-8 encoded one by one.
 * @module
 */
import type { RunEvent } from '../../src/contract/index.js';
import { sseMessage } from './sse-output.js';

const cache = new WeakMap<RunEvent, string>();
const sseCache = new WeakMap<RunEvent, Buffer>();

/** The event's JSON text, computed once per event object. */
export function eventJson(event: RunEvent): string {
  let text = cache.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    cache.set(event, text);
  }
  return text;
}

/** The event as a per-run SSE message (`id:` its seq, `data:` its JSON), encoded once per event object. */
export function eventSseMessage(event: RunEvent): Buffer {
  let bytes = sseCache.get(event);
  if (bytes === undefined) {
    bytes = Buffer.from(sseMessage(eventJson(event), undefined, event.seq));
    sseCache.set(event, bytes);
  }
  return bytes;
}
