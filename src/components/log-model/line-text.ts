/**
 * The text side of a log line, in one self-contained factory: carriage-return redraws,
 * escape sequences, control characters, the plain text and the level read from the first
 * words. Self-contained (no imports, no outer names) so the search worker builds the very
 * same functions from `lineTextTools.toString()` and strips lines itself, off the page's
 * thread. `ansi.ts` and `level.ts` export them to the rest of the code.
 * @module
 */
/* eslint-disable no-control-regex -- matching terminal control characters is this module's job */

/** The functions {@link lineTextTools} makes. */
export interface LineTextTools {
  resolveCarriageReturns(text: string): string;
  cleanLine(text: string): string;
  plainText(text: string): string;
  detectLevel(text: string): 'debug' | 'info' | 'warn' | 'error' | undefined;
  levelOfPlain(plain: string): 'debug' | 'info' | 'warn' | 'error' | undefined;
  /** Most parameters an SGR sequence may have to be applied; a longer one is shown as text. */
  readonly maxSgrParams: number;
}

/** Makes the line-text functions. Must stay self-contained: the worker runs its source. */
export function lineTextTools(): LineTextTools {
  // One pass over every escape sequence, longest forms first: OSC (titles, OSC 8 hyperlinks;
  // ends with BEL or ST, or runs to the end of the line when cut off), DCS/SOS/PM/APC strings,
  // complete CSI (ESC [ params intermediates final), a CSI cut off at the end of the line, and
  // any other ESC plus at most one byte (charset selection, keypad modes) or a lone ESC.
  // Only `ESC [ digits/semicolons m` is SGR, which `sgr.ts` reads, and is kept; colon-form
  // SGR (`38:2::r:g:b`) and every other CSI (cursor moves, erase) are dropped. Every
  // alternative is linear: each starred class stops at the next ESC or at a class the next
  // part cannot match, so a failed try never rescans text another try already read.
  const ESCAPES =
    /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)|\x1b[PX^_][^\x1b]*(?:\x1b\\|$)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\[[0-?]*[ -/]*$|\x1b[ -/]*[0-~]?/g;
  const SGR = /^\x1b\[[0-9;]*m$/;
  // C0 controls except TAB, plus DEL and C1. ESC is handled above; LF inside a line is shown.
  const CONTROL = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f-\x9f]/g;
  const NEEDS_WORK = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
  const SGR_ANY = /\x1b\[[0-9;]*m/g;
  // Parameters one SGR sequence may carry (xterm.js keeps 32 too). Applying a longer one would
  // let one line cost time in proportion to a hostile producer's whim; it is shown as text
  // instead (ESC as its control picture), in the view and in search, copy and download alike.
  const MAX_SGR_PARAMS = 32;
  // Up to two leading tokens (timestamps, logger names) may precede the level word.
  const LEVEL_WORD =
    /^\s*(?:\S+\s+){0,2}?[[(<]?(fatal|panic|critical|crit|error|err|warning|warn|info|notice|debug|trace)(?:[\])>:|]|\s|$)/i;
  // Every level word contains one of these: a line without any is answered without the
  // anchored pattern above, several times faster (most lines name no level).
  const ANY_LEVEL_WORD = /fatal|panic|crit|err|warn|info|notice|debug|trace/i;
  const WORDS: Record<string, 'debug' | 'info' | 'warn' | 'error'> = {
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

  // `part.replace(/\r+$/, '')` would be quadratic in a run of `\r` that is not at the end.
  function trimTrailingReturns(part: string): string {
    let end = part.length;
    while (end > 0 && part.charCodeAt(end - 1) === 13) end--;
    return end === part.length ? part : part.slice(0, end);
  }

  function resolveCarriageReturns(text: string): string {
    if (text.indexOf('\r') < 0) return text;
    return text
      .split('\n')
      .map((part) => {
        const trimmed = trimTrailingReturns(part);
        const cut = trimmed.lastIndexOf('\r');
        if (cut < 0) return trimmed;
        const styles = trimmed.slice(0, cut).match(SGR_ANY);
        return (styles ? styles.join('') : '') + trimmed.slice(cut + 1);
      })
      .join('\n');
  }

  function tooManyParams(sgr: string): boolean {
    let count = 1;
    for (let i = 2; i < sgr.length - 1; i++) if (sgr.charCodeAt(i) === 59 && ++count > MAX_SGR_PARAMS) return true;
    return false;
  }

  // What an escape sequence becomes: an SGR within the cap is kept for styling (or dropped for
  // plain text); an SGR over the cap is shown as text; every other sequence is dropped.
  function escapeStyled(seq: string): string {
    if (!SGR.test(seq)) return '';
    return tooManyParams(seq) ? '\u241b' + seq.slice(1) : seq;
  }
  function escapePlain(seq: string): string {
    return SGR.test(seq) && tooManyParams(seq) ? '\u241b' + seq.slice(1) : '';
  }

  function controlPicture(ch: string): string {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  }

  function clean(text: string, keepStyles: boolean): string {
    if (!NEEDS_WORK.test(text)) return text;
    // A producer that ends its line with a line terminator still sent one line.
    let out = resolveCarriageReturns(text.endsWith('\n') ? text.replace(/\r?\n$/, '') : text);
    if (out.indexOf('\x1b') >= 0) out = out.replace(ESCAPES, keepStyles ? escapeStyled : escapePlain);
    return out.replace(CONTROL, controlPicture);
  }

  // Every escape goes, SGR included: the same text as cleanLine's without its styles (search
  // runs this over the whole window).
  const plainText = (text: string): string => clean(text, false);

  // The level is read from the first 120 characters the reader sees, so every path that
  // already holds a line's plain text (drawing, scanning, the worker) reads it from that.
  function levelOfPlain(plain: string): 'debug' | 'info' | 'warn' | 'error' | undefined {
    const head = plain.length > 120 ? plain.slice(0, 120) : plain;
    if (!ANY_LEVEL_WORD.test(head)) return undefined;
    const match = LEVEL_WORD.exec(head);
    return match ? WORDS[(match[1] ?? '').toLowerCase()] : undefined;
  }

  return {
    resolveCarriageReturns,
    cleanLine: (text) => clean(text, true),
    plainText,
    detectLevel: (text) => levelOfPlain(plainText(text)),
    levelOfPlain,
    maxSgrParams: MAX_SGR_PARAMS,
  };
}
