/**
 * A line's severity: the level the producer sent, or one read from the text's first
 * words when it sent none (`ERROR: …`, `[warn] …`, `2026-11-25T10:00:00Z WARN …`).
 * @module
 */
import type { LogEvent, LogLevel } from '../../contract/index.js';
import { plainText } from './ansi.js';

// Up to two leading tokens (timestamps, logger names) may precede the level word.
const LEVEL_WORD =
  /^\s*(?:\S+\s+){0,2}?[[(<]?(fatal|panic|critical|crit|error|err|warning|warn|info|notice|debug|trace)(?:[\])>:|]|\s|$)/i;

const WORDS: Record<string, LogLevel> = {
  fatal: 'error',
  panic: 'error',
  critical: 'error',
  crit: 'error',
  error: 'error',
  err: 'error',
  warning: 'warn',
  warn: 'warn',
  info: 'info',
  notice: 'info',
  debug: 'debug',
  trace: 'debug',
};

/** The level named by a line's first words, or `undefined`. Reads at most 120 characters. */
export function detectLevel(text: string): LogLevel | undefined {
  const head = plainText(text.length > 120 ? text.slice(0, 120) : text);
  const match = LEVEL_WORD.exec(head);
  return match ? WORDS[(match[1] ?? '').toLowerCase()] : undefined;
}

/** The level a line is shown and filtered with: its own, else detected, else `info`. */
export function lineLevel(line: Pick<LogEvent, 'text' | 'level'>): LogLevel {
  return line.level ?? detectLevel(line.text) ?? 'info';
}
