/**
 * Fills the scenario templates (see `scenario-types.ts`) into text: words, numbers and
 * ANSI SGR styles, so scenario files stay data and the escape codes live in one place.
 * @module
 */
import type { Random } from './random.js';

const ESC = '\u001b[';

/** SGR codes of the named styles: bold, dim, the 16-colour set and reset. */
const STYLES: Readonly<Record<string, string>> = {
  '/': '0',
  b: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  gray: '90',
};

const PLACEHOLDER = /\{(\/|[a-z]+)(?::([^}]*))?\}/g;

/**
 * Renders `template` with `words` and `random`. Throws on an unknown placeholder: it is
 * a bug in a scenario file, better found by the tests than shown as `{typo}`.
 */
export function fillTemplate(
  template: string,
  words: Readonly<Record<string, readonly string[]>>,
  random: Random,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string, arg: string | undefined) => {
    const style = STYLES[name];
    if (style !== undefined && arg === undefined) return `${ESC}${style}m`;
    switch (name) {
      case 'c':
        return `${ESC}38;5;${Number(arg)}m`;
      case 'rgb':
        return `${ESC}38;2;${(arg ?? '').split(',').map(Number).join(';')}m`;
      case 'int':
        return String(randomInt(arg, random));
      case 'num':
        return randomInt(arg, random).toLocaleString('en-US');
      case 'float': {
        const [min, max] = range(arg);
        return random.float(min, max).toFixed(2);
      }
    }
    const list = words[name];
    if (list === undefined || list.length === 0)
      throw new Error(`Unknown placeholder ${whole} in template "${template}"`);
    return random.pick(list);
  });
}

/**
 * A terminal progress bar as one log line: successive frames separated by `\r`, as a
 * CLI tool writes it. A terminal (and `<run-log-tail>`) shows only the last frame.
 */
export function progressBarText(label: string, frames: number): string {
  const width = 24;
  const out: string[] = [];
  for (let i = 0; i <= frames; i++) {
    const done = Math.round((i / frames) * width);
    const pct = String(Math.round((i / frames) * 100)).padStart(3);
    out.push(`${label} [${'#'.repeat(done)}${' '.repeat(width - done)}] ${pct}%`);
  }
  return out.join('\r');
}

function range(arg: string | undefined): [number, number] {
  const match = /^(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$/.exec(arg ?? '');
  if (!match) throw new Error(`Bad number range "${arg ?? ''}" in a template (want {int:1-9})`);
  return [Number(match[1]), Number(match[2])];
}

function randomInt(arg: string | undefined, random: Random): number {
  const [min, max] = range(arg);
  return random.int(min, max);
}
