/**
 * Reads the {@link SETTINGS} from the command line and the environment: a flag wins over
 * its `RUN_…` variable, which wins over any older variable it is also read from (`PORT`).
 * Errors name where the bad value came from, so an operator knows which of the two to fix.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { envName, SETTINGS, setting, type Setting } from './settings.js';

/** A setting with a value that cannot be used; the message names its source. */
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingError';
  }
}

/** The values of the settings, read once. */
export class SettingValues {
  constructor(
    private readonly flags: Readonly<Record<string, string | undefined>>,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** The raw text of `flag` and where it came from, or undefined when it is not set. */
  raw(flag: string): { text: string; source: string } | undefined {
    const s = setting(flag);
    const given = this.flags[flag];
    if (given !== undefined) return { text: given, source: `--${flag}` };
    for (const name of [envName(flag), ...(s.alsoFrom ?? [])]) {
      const text = this.env[name];
      if (text !== undefined && text !== '') return { text, source: name };
    }
    return undefined;
  }

  /** A string setting, or `fallback`. */
  string(flag: string): string | undefined;
  string(flag: string, fallback: string): string;
  string(flag: string, fallback?: string): string | undefined {
    return this.raw(flag)?.text ?? fallback;
  }

  /** One of `choices`, or `fallback`. */
  choice<T extends string>(flag: string, choices: readonly T[], fallback: T): T {
    const raw = this.raw(flag);
    if (raw === undefined) return fallback;
    if (!(choices as readonly string[]).includes(raw.text))
      throw new SettingError(`${raw.source} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw.text)}`);
    return raw.text as T;
  }

  /** An integer setting (≥ 1, or ≥ 0 where the setting allows 0), or `fallback`. */
  integer(flag: string): number | undefined;
  integer(flag: string, fallback: number): number;
  integer(flag: string, fallback?: number): number | undefined {
    const raw = this.raw(flag);
    if (raw === undefined) return fallback;
    const value = Number(raw.text);
    const min = setting(flag).allowZero ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < min)
      throw new SettingError(
        `${raw.source} must be a${min === 0 ? ' non-negative' : ' positive'} integer, got ${JSON.stringify(raw.text)}`,
      );
    return value;
  }

  /** A comma-separated list (items trimmed, empty ones dropped), or undefined. */
  list(flag: string): string[] | undefined {
    const raw = this.raw(flag);
    if (raw === undefined) return undefined;
    return raw.text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
}

/** The parsed command line: `--help`, or the values. */
export interface ParsedSettings {
  help: boolean;
  values: SettingValues;
}

/**
 * Parses `argv` (without the node and script paths) against {@link SETTINGS}; unknown
 * flags and positional arguments throw a {@link SettingError}.
 */
export function readSettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ParsedSettings {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const s of SETTINGS) options[s.flag] = { type: 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new SettingError((error as Error).message);
  }
  const flags: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(parsed.values)) if (typeof value === 'string') flags[key] = value;
  return { help: parsed.values.help === true, values: new SettingValues(flags, env) };
}

/** The `--help` text: every setting with its variable and default, grouped as in the docs. */
export function usage(groups: readonly string[]): string {
  const lines = ['Usage: run-progress-server [options]   (npm run serve -- [options] in the repository)', ''];
  lines.push('Every --flag is also read from RUN_FLAG (e.g. --heartbeat-ms from RUN_HEARTBEAT_MS);');
  lines.push('a flag given here wins. Full table: docs/configuration.md.');
  for (const group of groups) {
    lines.push('', `${group}:`);
    for (const s of SETTINGS.filter((x) => x.group === group)) lines.push(usageLine(s));
  }
  return lines.join('\n');
}

function usageLine(s: Setting): string {
  const arg = s.kind === 'integer' ? 'N' : s.kind === 'list' ? 'A,B' : s.kind === 'file' ? 'FILE' : 'TEXT';
  const head = `  --${s.flag} ${arg}`.padEnd(46);
  const tail = s.default === '' ? '' : ` (default ${s.default})`;
  return `${head} ${s.summary.replace(/`/g, '')}${tail}`;
}
