/**
 * Turns a message into a checked stream frame, or a report of what was wrong with it.
 * Never throws: a malformed message from a server must not break the page.
 * @module
 */
import { shapeOf } from '../contract/shape.js';
import type { ServerFrame } from '../contract/types.js';
import type { MalformedMessage } from './errors.js';
import { frameEnvelopeFits } from './envelope.js';
import type { Guard } from './guard.js';

/**
 * Parses and checks one frame (`data` that is not a string is checked as parsed JSON),
 * by default its envelope (envelope.ts). A malformed one goes to `onMalformed`, with its
 * shape, and the answer is `undefined`.
 */
export function parseFrame(
  data: unknown,
  onMalformed: (error: MalformedMessage) => void,
  guard: Guard<ServerFrame> = frameEnvelopeFits,
): ServerFrame | undefined {
  let json = data;
  if (typeof data === 'string') {
    try {
      json = JSON.parse(data);
    } catch {
      onMalformed({ message: 'message is not JSON', shape: shapeOf(data) });
      return undefined;
    }
  }
  const where = guard(json);
  if (where === undefined) return json as ServerFrame;
  onMalformed({ message: `not a valid stream frame${where ? ` at ${where}` : ''}`, shape: shapeOf(json) });
  return undefined;
}
