/**
 * The hostile lines of issue 13 (items 5 and 6), made the same way for the Node parse timings
 * and the browser page of the `hostile-text` section.
 * @module
 */

/** One hostile line and what it stands for. */
export interface HostileCase {
  name: string;
  /** The line (made on demand: some are a MiB). */
  make(): string;
}

const pick = (i: number) => String.fromCharCode(97 + (i % 26));

/** The escape-code floods of item 6. */
export const PARSE_CASES: readonly HostileCase[] = [
  {
    // Styles and colours that anser accumulated (a list entry per repeated code).
    name: '16 000 SGR codes in a 64 KB line',
    make: () =>
      Array.from({ length: 16_000 }, (_, i) => ['\x1b[4m', '\x1b[31m', '\x1b[1m', '\x1b[42m'][i % 4]).join('') + 'end',
  },
  {
    name: 'one SGR with 500 000 parameters',
    make: () => `before \x1b[${Array(500_000).fill('1').join(';')}mafter`,
  },
  {
    name: '131 000 one-character coloured spans',
    make: () => Array.from({ length: 131_000 }, (_, i) => `\x1b[3${i % 8}m${pick(i)}`).join(''),
  },
  {
    name: '1 MiB line of escape codes',
    make: () => {
      const unit = '\x1b[38;5;196m\x1b[1;4mab\x1b[0m\x1b[2K\x1b]0;t\x07';
      return unit.repeat(Math.ceil(2 ** 20 / unit.length));
    },
  },
  { name: '200 000 carriage returns', make: () => '\r'.repeat(200_000) + 'x\r' },
];

/** Long plain lines among short ones, for `wrap` (item 5). */
export const WRAP_LENGTHS: readonly number[] = [6_000, 20_000, 2 ** 20];
