/**
 * Log lines as plain text for the clipboard and for download: no escape codes, no line
 * numbers, carriage-return redraws resolved, one line per event.
 * @module
 */
import type { LogWindow } from '../../feed/types.js';
import { plainText } from './ansi.js';

/** The plain text of the retained lines with these seqs, joined by newlines. */
export function linesText(window: LogWindow, seqs: Iterable<number>): string {
  const out: string[] = [];
  for (const seq of seqs) {
    const line = window.at(window.indexOfSeq(seq));
    if (line) out.push(plainText(line.text));
  }
  return out.join('\n');
}

/**
 * The whole retained window as a text file. Built from many small parts rather than one
 * string, so a large window never needs one giant string on the heap.
 */
export function windowBlob(window: LogWindow, partLines = 10_000): Blob {
  const parts: string[] = [];
  for (let start = 0; start < window.size; start += partLines) {
    const lines: string[] = [];
    const end = Math.min(window.size, start + partLines);
    for (let i = start; i < end; i++) lines.push(plainText(window.at(i)?.text ?? ''));
    parts.push(lines.join('\n') + (end < window.size ? '\n' : ''));
  }
  return new Blob(parts, { type: 'text/plain;charset=utf-8' });
}
