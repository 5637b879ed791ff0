/**
 * A line's severity: the level the producer sent, or one read from the text's first
 * words when it sent none (`ERROR: …`, `[warn] …`, `2026-11-25T10:00:00Z WARN …`).
 * @module
 */
import type { LogEvent, LogLevel } from '../../contract/index.js';
import { lineTextTools } from './line-text.js';

const tools = lineTextTools();

/** The level named by a line's first words, or `undefined`. Reads its first 120 visible characters. */
export function detectLevel(text: string): LogLevel | undefined {
  return tools.detectLevel(text);
}

/**
 * The level a line is shown and filtered with: its own, else detected, else `info`. Pass
 * the line's plain text (or at least its first 120 characters) when it is at hand, so the
 * escapes are not stripped twice.
 */
export function lineLevel(line: Pick<LogEvent, 'text' | 'level'>, plain?: string): LogLevel {
  if (line.level !== undefined) return line.level;
  return (plain === undefined ? tools.detectLevel(line.text) : tools.levelOfPlain(plain)) ?? 'info';
}
