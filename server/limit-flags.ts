/**
 * The CLI flags of {@link RunServerLimits}, one per limit (`maxPageBytes` is
 * `--max-page-bytes`), so every bound an operator can set in code can be set on the
 * command line too. Kept apart from `cli.ts` so the list stays in one place.
 * @module
 */
import { DEFAULT_LIMITS, type RunServerLimits } from './config.js';

/** `parseArgs` options of the limit flags. */
export const LIMIT_FLAG_OPTIONS = {
  'max-body-bytes': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-buffered-bytes': { type: 'string' },
  'max-runs-per-request': { type: 'string' },
  'max-subscriptions-per-socket': { type: 'string' },
  'auth-timeout-ms': { type: 'string' },
  'max-connections-per-principal': { type: 'string' },
  'max-connections-per-address': { type: 'string' },
  'max-unauthenticated-sockets': { type: 'string' },
  'max-unauthenticated-sockets-per-address': { type: 'string' },
  'max-buffered-bytes-per-principal': { type: 'string' },
  'catch-up-page-bytes': { type: 'string' },
  'max-page-bytes': { type: 'string' },
  'max-unsent-bytes-per-principal': { type: 'string' },
} as const;

type LimitFlag = keyof typeof LIMIT_FLAG_OPTIONS;

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The usage lines of the limit flags, with their defaults. */
export function limitFlagsUsage(): string {
  const lines = Object.keys(LIMIT_FLAG_OPTIONS).map((flag) => {
    const value = DEFAULT_LIMITS[camel(flag) as keyof RunServerLimits];
    return `  --${`${flag} N`.padEnd(44)} default ${value}`;
  });
  return `Resource bounds (positive integers; limits.<camelCase> in server/README.md):\n${lines.join('\n')}`;
}

/** The limits given on the command line; `fail` is called with a message for a bad value. */
export function limitsFromFlags(
  values: Partial<Record<LimitFlag, string | undefined>>,
  fail: (message: string) => never,
): Partial<RunServerLimits> {
  const limits: Partial<RunServerLimits> = {};
  for (const flag of Object.keys(LIMIT_FLAG_OPTIONS) as LimitFlag[]) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1)
      fail(`--${flag} must be a positive integer, got ${JSON.stringify(raw)}`);
    limits[camel(flag) as keyof RunServerLimits] = value;
  }
  return limits;
}
