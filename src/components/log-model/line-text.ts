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
}

/** Makes the line-text functions. Must stay self-contained: the worker runs its source. */
export function lineTextTools(): LineTextTools {
  // One pass over every escape sequence, longest forms first: OSC (titles, OSC 8 hyperlinks;
  // ends with BEL or ST, or runs to the end of the line when cut off), DCS/SOS/PM/APC strings,
  // complete CSI (ESC [ params intermediates final), a CSI cut off at the end of the line, and
  // any other ESC plus at most one byte (charset selection, keypad modes) or a lone ESC.
  // Only `ESC [ digits/semicolons m` is SGR that anser reads and is kept; colon-form SGR
  // (`38:2::r:g:b`) and every other CSI (cursor moves, erase) are dropped.
  const ESCAPES =
    /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\|$)|\x1b[PX^_][^\x1b]*(?:\x1b\\|$)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\[[0-?]*[ -/]*$|\x1b[ -/]*[0-~]?/g;
  const SGR = /^\x1b\[[0-9;]*m$/;
  // C0 controls except TAB, plus DEL and C1. ESC is handled above; LF inside a line is shown.
  const CONTROL = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f-\x9f]/g;
  const NEEDS_WORK = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
  const SGR_ANY = /\x1b\[[0-9;]*m/g;
  // anser's reset (SGR 0) clears colours and bold but leaves italic, underline etc. on, so a
  // reset is spelled out as every "off" code before anser sees it.
  const FULL_RESET = '0;22;23;24;25;27;28;29';
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

  function resolveCarriageReturns(text: string): string {
    if (text.indexOf('\r') < 0) return text;
    return text
      .split('\n')
      .map((part) => {
        const trimmed = part.endsWith('\r') ? part.replace(/\r+$/, '') : part;
        const cut = trimmed.lastIndexOf('\r');
        if (cut < 0) return trimmed;
        const styles = trimmed.slice(0, cut).match(SGR_ANY);
        return (styles ? styles.join('') : '') + trimmed.slice(cut + 1);
      })
      .join('\n');
  }

  function expandResets(sgr: string): string {
    const params = sgr.slice(2, -1);
    if (params === '' || params === '0') return `\x1b[${FULL_RESET}m`;
    const parts = params.split(';');
    if (!parts.some((p) => p === '' || p === '0')) return sgr;
    // Keep the arguments of 38/48 (e.g. `38;5;0`) as they are: a 0 there is a colour, not a reset.
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] ?? '';
      if (p === '38' || p === '48') {
        const mode = parts[i + 1];
        const take = mode === '5' ? 2 : mode === '2' ? 4 : 0;
        out.push(...parts.slice(i, i + 1 + take));
        i += take;
      } else out.push(p === '' || p === '0' ? FULL_RESET : p);
    }
    return `\x1b[${out.join(';')}m`;
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
    if (out.indexOf('\x1b') >= 0)
      out = keepStyles
        ? out.replace(ESCAPES, (seq) => (SGR.test(seq) ? expandResets(seq) : ''))
        : out.replace(ESCAPES, '');
    return out.replace(CONTROL, controlPicture);
  }

  // Every escape goes, SGR included: the same text as cleanLine's without its styles, without
  // spelling resets out first (search runs this over the whole window).
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
  };
}
