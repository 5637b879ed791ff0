/**
 * Serialises each event once, however many connections it goes to.
 * @module
 */
import type { RunEvent } from '../../src/contract/index.js';

const cache = new WeakMap<RunEvent, string>();

/** The event's JSON text, computed once per event object. */
export function eventJson(event: RunEvent): string {
  let text = cache.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    cache.set(event, text);
  }
  return text;
}
