/**
 * Turns a message's text into a checked stream frame, or a report of what was wrong
 * with it. Never throws: a malformed message from a server must not break the page.
 * @module
 */
import { shapeOf } from '../contract/shape.js';
import type { ServerFrame } from '../contract/types.js';
import type { MalformedMessage } from './errors.js';
import { serverFrameFits } from './wire.js';

/** The outcome of {@link parseFrame}. */
export type ParsedFrame = { ok: true; frame: ServerFrame } | { ok: false; error: MalformedMessage };

/** Parses and checks one frame; `text` that is not a string is checked as parsed JSON. */
export function parseFrame(text: unknown): ParsedFrame {
  let json = text;
  if (typeof text === 'string') {
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: { message: 'message is not JSON', shape: shapeOf(text) } };
    }
  }
  const where = serverFrameFits(json);
  if (where === undefined) return { ok: true, frame: json as ServerFrame };
  return {
    ok: false,
    error: { message: `not a valid stream frame${where ? ` at ${where}` : ''}`, shape: shapeOf(json) },
  };
}
