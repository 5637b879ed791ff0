#!/usr/bin/env node
/**
 * `npm run serve -- --port 8080 --store ./.data/runs.db --tokens tokens.json
 * --heartbeat-ms 15000 --cors '*' --rate-limit 50`: the reference backend on its own port, on the
 * embedded SQLite store. Prints the API base URL once it listens; stops cleanly on
 * SIGINT/SIGTERM.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore, redactSpec } from './store/open-store.js';
import { startRunServer } from './http/start.js';
import type { TokenGrant } from './auth/principal.js';
import type { CorsOptions } from './config.js';
import { LIMIT_FLAG_OPTIONS, limitFlagsUsage, limitsFromFlags } from './limit-flags.js';

const USAGE = `Usage: npm run serve -- [options]
  --port N           port (default: $PORT or 8080; 0 picks a free one)
  --host H           interface (default 127.0.0.1; 0.0.0.0 for remote clients)
  --store SPEC       SQLite file path (or sqlite:PATH), or redis://host:port[/db][?prefix=p] for
                     several workers on one Redis (default: $RUN_STORE or ./.data/runs.db)
  --tokens FILE      JSON {"<token>": {"tenant": "t", "role": "reader"|"producer"}}; none = open mode
  --heartbeat-ms N   stream heartbeat interval (default 15000)
  --cors ORIGINS     '*' or comma-separated origins allowed to call from browsers
  --allowed-hosts H  comma-separated Host names answered besides localhost, 127.0.0.1, [::1] and IP
                     addresses ('.example.com' adds its subdomains, '*' any; default:
                     $RUN_ALLOWED_HOSTS); in open mode other Hosts get 403 (DNS-rebinding protection)
  --rate-limit N     requests per second per client (token's principal, else address); over it: 429
                     with Retry-After (bursts of 2N allowed; default: no limit)
  --base-path P      path prefix (default /api)

${limitFlagsUsage()}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function positiveInt(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < (allowZero ? 0 : 1))
    fail(`--${name} must be a${allowZero ? ' non-negative' : ' positive'} integer, got ${JSON.stringify(raw)}`);
  return value;
}

function readTokens(file: string): Record<string, TokenGrant> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read --tokens ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    fail(`--tokens ${file}: expected an object of token → {tenant, role}`);
  return parsed as Record<string, TokenGrant>;
}

function corsOf(raw: string | undefined): CorsOptions | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '*') return { origins: '*' };
  return {
    origins: raw
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== ''),
  };
}

function listOf(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      store: { type: 'string' },
      tokens: { type: 'string' },
      'heartbeat-ms': { type: 'string' },
      cors: { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'rate-limit': { type: 'string' },
      'base-path': { type: 'string' },
      ...LIMIT_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = positiveInt('port', values.port ?? process.env.PORT, 8080, true);
  const tokens = values.tokens === undefined ? undefined : readTokens(values.tokens);
  const storeSpec = values.store ?? process.env.RUN_STORE ?? './.data/runs.db';
  const store = await openStore(storeSpec);
  let server;
  try {
    server = await startRunServer({
      store,
      port,
      host: values.host ?? '127.0.0.1',
      basePath: values['base-path'] ?? '/api',
      heartbeatMs: positiveInt('heartbeat-ms', values['heartbeat-ms'], 15_000),
      cors: corsOf(values.cors),
      allowedHosts: listOf(values['allowed-hosts'] ?? process.env.RUN_ALLOWED_HOSTS),
      rateLimit:
        values['rate-limit'] === undefined
          ? undefined
          : { perSecond: positiveInt('rate-limit', values['rate-limit'], 0) },
      auth: tokens === undefined ? undefined : { tokens },
      limits: limitsFromFlags(values, fail),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  if (tokens === undefined || Object.keys(tokens).length === 0) {
    process.stderr.write(
      '\n  WARNING: no --tokens given: OPEN MODE. Anyone who can reach this port can read AND WRITE every run\n' +
        "  (all as tenant 'public'). Use it for demos and local development only.\n\n",
    );
  }
  process.stdout.write(`run-progress-kit server listening on ${server.url} (store ${redactSpec(storeSpec)})\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: closing streams and the store…\n`);
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `run-progress-kit server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
