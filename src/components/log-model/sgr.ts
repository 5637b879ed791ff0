/**
 * The meaning of SGR ("Select Graphic Rendition", `ESC [ … m`) parameters: a small state
 * machine that a line's colour and style codes move through, in one pass and constant
 * work per parameter.
 *
 * Why our own and not `anser` (which the kit used before): on hostile lines anser is
 * quadratic (issue 13, item 6). It keeps the active styles as a list that grows by one entry
 * per repeated code (`ESC[1m` 16 000 times is a list of 16 000 "bold"s) and copies that list
 * once per escape code, and it walks parameters with `Array.shift`; 16 000 codes in a 64 KB
 * line took 2.3 s and 938 MB, one code with 500 000 parameters 34.7 s. It also leaves italic and
 * underline on after SGR 0 and turns a style off only once however often it was set. The
 * other candidate, `ansi-sequence-parser`, also shifts its parameter arrays and reads `ESC[m`
 * as nothing instead of a reset. Both re-tokenise text that `line-text.ts` has already
 * tokenised (it must, to drop every non-SGR escape safely), so what is left to a library is
 * this table of about twenty codes, the boundary between log text and the page's styles:
 * small enough to own and test as the product's core.
 * @module
 */
import type { AnsiSpan } from './ansi.js';

/** The style part of an {@link AnsiSpan}. */
export type AnsiStyle = Omit<AnsiSpan, 'text'>;

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
const CUBE = [0, 95, 135, 175, 215, 255];

/** Colour `index` (0-15) of the 16 named ANSI colours, as the element's private token. */
function named(index: number): string {
  const name = NAMES[index % 8] as string;
  return `var(--_ansi-${index >= 8 ? 'bright-' : ''}${name})`;
}

/** xterm's 256-colour palette entry as a CSS value: 0-15 are the named colours. */
function palette(index: number): string {
  if (index < 16) return named(index);
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return `rgb(${v} ${v} ${v})`;
  }
  const i = index - 16;
  return `rgb(${CUBE[Math.floor(i / 36)]} ${CUBE[Math.floor(i / 6) % 6]} ${CUBE[i % 6]})`;
}

/** A byte value 0-255 from a parameter, else `undefined`. */
function byte(param: string | undefined): number | undefined {
  if (param === undefined || param === '') return undefined;
  const n = Number(param);
  return Number.isInteger(n) && n >= 0 && n <= 255 ? n : undefined;
}

const BOOLEAN_KEYS = ['bold', 'dim', 'italic', 'underline', 'strike', 'inverse', 'hidden'] as const;

/** Whether two styles draw the same (so adjacent text can share one span). */
export function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  if (a.fg !== b.fg || a.bg !== b.bg) return false;
  for (const key of BOOLEAN_KEYS) if (Boolean(a[key]) !== Boolean(b[key])) return false;
  return true;
}

/** The current colours and styles of a line, moved by SGR parameter strings. */
export class SgrState {
  private current: AnsiStyle = {};
  // Styles are handed out as immutable objects; a new one is made only after a change.
  private frozen: AnsiStyle | undefined = EMPTY;

  /** The style in force now. The same object until the next change, never mutated. */
  get style(): AnsiStyle {
    if (!this.frozen) this.frozen = Object.freeze({ ...this.current });
    return this.frozen;
  }

  /**
   * Applies the parameters of one SGR sequence (the text between `ESC[` and `m`, e.g.
   * `1;38;5;196`). Linear in the parameters; the caller bounds how many there are.
   */
  apply(params: string): void {
    const p = params.split(';');
    for (let i = 0; i < p.length; i++) {
      const raw = p[i] as string;
      // An empty parameter is 0 (ECMA-48 §5.4.2): `ESC[m` and `ESC[;4m` reset.
      const code = raw === '' ? 0 : Number(raw);
      if (code === 38 || code === 48) {
        const mode = p[i + 1];
        let color: string | undefined;
        if (mode === '5') {
          const index = byte(p[i + 2]);
          if (index !== undefined) color = palette(index);
          i += 2;
        } else if (mode === '2') {
          const r = byte(p[i + 2]);
          const g = byte(p[i + 3]);
          const b = byte(p[i + 4]);
          if (r !== undefined && g !== undefined && b !== undefined) color = `rgb(${r} ${g} ${b})`;
          i += 4;
        } else if (mode !== undefined) i += 1;
        if (color) this.set(code === 38 ? 'fg' : 'bg', color);
      } else this.applyCode(code);
    }
  }

  private applyCode(code: number): void {
    if (code === 0 || Number.isNaN(code)) {
      this.current = {};
      this.frozen = undefined;
    } else if (code === 1) this.set('bold', true);
    else if (code === 2) this.set('dim', true);
    else if (code === 3) this.set('italic', true);
    else if (code === 4) this.set('underline', true);
    else if (code === 7) this.set('inverse', true);
    else if (code === 8) this.set('hidden', true);
    else if (code === 9) this.set('strike', true);
    // 21 is "bold off" here as it was with anser (xterm reads it as double underline).
    else if (code === 21) this.set('bold', undefined);
    else if (code === 22) {
      this.set('bold', undefined);
      this.set('dim', undefined);
    } else if (code === 23) this.set('italic', undefined);
    else if (code === 24) this.set('underline', undefined);
    else if (code === 27) this.set('inverse', undefined);
    else if (code === 28) this.set('hidden', undefined);
    else if (code === 29) this.set('strike', undefined);
    else if (code >= 30 && code <= 37) this.set('fg', named(code - 30));
    else if (code === 39) this.set('fg', undefined);
    else if (code >= 40 && code <= 47) this.set('bg', named(code - 40));
    else if (code === 49) this.set('bg', undefined);
    else if (code >= 90 && code <= 97) this.set('fg', named(code - 90 + 8));
    else if (code >= 100 && code <= 107) this.set('bg', named(code - 100 + 8));
    // Anything else (blink, fonts, overline, …) is not drawn and changes nothing.
  }

  private set<K extends keyof AnsiStyle>(key: K, value: AnsiStyle[K]): void {
    if (this.current[key] === value) return;
    if (value === undefined) delete this.current[key];
    else this.current[key] = value;
    this.frozen = undefined;
  }
}

const EMPTY: AnsiStyle = Object.freeze({});
