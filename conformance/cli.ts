#!/usr/bin/env node
/**
 * `npm run conformance -- <base-url> [--token T] [--producer-token P]
 * [--other-tenant-token O] [--trimmed-after N] [--heartbeat-timeout-ms M] [--max-body-bytes B]
 * [--seed N] [--sequences N] [--only TEXT]`
 *
 * Prints one line per check and a closing `N passed, N failed[, N skipped]`; exits 1 when
 * any check failed, 2 on unusable arguments.
 * @module
 */
import { parseArgs } from 'node:util';
import { FOLD_CHECK_NAME } from './checks/fold-random.js';
import { randomSeed } from './options.js';
import { formatResult, runConformance, summarize } from './runner.js';

const USAGE = `usage: npm run conformance -- <base-url> [options]

  <base-url>                 the contract's base, e.g. http://localhost:8080/api
  --token T                  bearer token for reads (also writes unless --producer-token)
  --producer-token P         bearer token that may create runs and append
  --other-tenant-token O     a token of another tenant (tenant isolation checks)
  --trimmed-after N          the backend keeps at most N events per run (trimmed-history checks)
  --heartbeat-timeout-ms M   skip heartbeat checks when the interval is longer (default 20000)
  --max-body-bytes B         the backend's body limit, if not 4 MiB (the 413 check sends more)
  --seed N                   seed of the randomized fold check (default: random; printed first)
  --sequences N              random event sequences the fold check appends (default 200)
  --only TEXT                run only checks whose name contains TEXT
`;

function integer(name: string, text: string | undefined, min = 1): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new TypeError(`--${name} must be an integer of at least ${min}, got ${text}`);
  }
  return value;
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        token: { type: 'string' },
        'producer-token': { type: 'string' },
        'other-tenant-token': { type: 'string' },
        'trimmed-after': { type: 'string' },
        'heartbeat-timeout-ms': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        seed: { type: 'string' },
        sequences: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const only = values.only;
  try {
    const seed = integer('seed', values.seed, 0) ?? randomSeed();
    const filter = only === undefined ? undefined : (name: string) => name.includes(only);
    // First, so a run that is cut off still says how to replay it.
    if (!filter || filter(FOLD_CHECK_NAME)) process.stdout.write(`seed ${seed} (replay with --seed ${seed})\n`);
    const results = await runConformance({
      seed,
      sequences: integer('sequences', values.sequences),
      baseUrl: positionals[0] as string,
      token: values.token,
      producerToken: values['producer-token'],
      otherTenantToken: values['other-tenant-token'],
      trimmedAfter: integer('trimmed-after', values['trimmed-after']),
      heartbeatTimeoutMs: integer('heartbeat-timeout-ms', values['heartbeat-timeout-ms']),
      maxBodyBytes: integer('max-body-bytes', values['max-body-bytes']),
      filter,
      onResult: (result) => process.stdout.write(`${formatResult(result)}\n`),
    });
    process.stdout.write(`${summarize(results)}\n`);
    return results.some((r) => r.outcome === 'failed') ? 1 : 0;
  } catch (error) {
    if (error instanceof TypeError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

// Exit by exit code, not process.exit(): pending output is flushed and nothing is cut off.
process.exitCode = await main();
