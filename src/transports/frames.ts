/**
 * Turns a message's text into a validated stream frame, or a report of what was wrong
 * with it. Never throws: a malformed message from a server must not break the page.
 * @module
 */
import * as v from 'valibot';
import { shapeOf } from '../contract/shape.js';
import type { ServerFrame } from '../contract/types.js';
import { ServerFrameWire } from './wire.js';
import type { MalformedMessage } from './errors.js';

/** The outcome of {@link parseFrame}. */
export type ParsedFrame = { ok: true; frame: ServerFrame } | { ok: false; error: MalformedMessage };

/** Parses and validates one frame. */
export function parseFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: { message: 'message is not JSON', shape: shapeOf(text) } };
  }
  return checkFrame(json);
}

/** Validates one already-parsed frame. */
export function checkFrame(json: unknown): ParsedFrame {
  const result = v.safeParse(ServerFrameWire, json);
  if (result.success) return { ok: true, frame: result.output };
  const issue = result.issues[0];
  const where = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  return {
    ok: false,
    error: {
      message: `not a valid stream frame${where ? ` at ${where}` : ''}: ${issue?.message ?? 'invalid'}`,
      shape: shapeOf(json),
    },
  };
}

/** Sorts parsed frames into good ones and reports of bad ones. */
export function collectFrames(
  texts: Iterable<unknown>,
  onMalformed: (error: MalformedMessage) => void,
  parse: (item: unknown) => ParsedFrame = (item) => (typeof item === 'string' ? parseFrame(item) : checkFrame(item)),
): ServerFrame[] {
  const frames: ServerFrame[] = [];
  for (const item of texts) {
    const parsed = parse(item);
    if (parsed.ok) frames.push(parsed.frame);
    else onMalformed(parsed.error);
  }
  return frames;
}
