#!/usr/bin/env node
/**
 * `npm run serve -- --port 8080 --store ./.data/runs.db --tokens tokens.json`: the reference
 * backend on its own port. Every setting is in `settings.ts` and can also be given as an
 * environment variable (`--heartbeat-ms` is `RUN_HEARTBEAT_MS`); docs/configuration.md is
 * generated from the same list. Logs JSON lines (or `--log-format pretty`), serves
 * `/healthz`, `/readyz` and `/metrics`, and on SIGTERM/SIGINT drains: requests in flight
 * finish within `--drain-timeout-ms`, streams are told to reconnect elsewhere, and the
 * process exits 0.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { LevelWithSilent } from 'pino';
import type { TokenGrant } from './auth/principal.js';
import type { CorsOptions, RunServerLimits } from './config.js';
import { startRunServer, type StartedRunServer } from './http/start.js';
import { createLogger, errorField, LOG_LEVELS, type RunServerLogger } from './ops/logger.js';
import { createMetrics } from './ops/metrics.js';
import { readSettings, SettingError, usage, type SettingValues } from './settings-reader.js';
import { LIMIT_SETTINGS, limitName, SETTING_GROUPS } from './settings.js';
import { openStore, redactSpec } from './store/open-store.js';
import type { RunStore } from './store/run-store.js';

function readTokens(values: SettingValues): Record<string, TokenGrant> | undefined {
  const file = values.raw('tokens');
  if (!file) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file.text, 'utf8'));
  } catch (error) {
    throw new SettingError(`cannot read ${file.source} ${file.text}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SettingError(`${file.source} ${file.text}: expected an object of token → {tenant, role}`);
  return parsed as Record<string, TokenGrant>;
}

function corsOf(values: SettingValues): CorsOptions | undefined {
  const origins = values.list('cors');
  if (origins === undefined) return undefined;
  return { origins: origins.length === 1 && origins[0] === '*' ? '*' : origins };
}

function limitsOf(values: SettingValues): Partial<RunServerLimits> {
  const limits: Partial<RunServerLimits> = {};
  for (const s of LIMIT_SETTINGS) {
    const value = values.integer(s.flag);
    if (value !== undefined) limits[limitName(s.flag)] = value;
  }
  return limits;
}

/** What the command runs on: the settings read, the logger made, the store opened. */
interface Started {
  server: StartedRunServer;
  store: RunStore;
  logger: RunServerLogger;
  drainTimeoutMs: number;
}

async function start(values: SettingValues): Promise<Started> {
  const logger = createLogger({
    level: values.choice('log-level', LOG_LEVELS, 'info') as LevelWithSilent,
    format: values.choice('log-format', ['json', 'pretty'] as const, 'json'),
  });
  const tokens = readTokens(values);
  const storeSpec = values.string('store', './.data/runs.db');
  const options = {
    port: values.integer('port', 8080),
    host: values.string('host', '127.0.0.1'),
    basePath: values.string('base-path', '/api'),
    heartbeatMs: values.integer('heartbeat-ms', 15_000),
    cors: corsOf(values),
    allowedHosts: values.list('allowed-hosts'),
    trustProxy: values.list('trust-proxy'),
    rateLimit: values.raw('rate-limit') ? { perSecond: values.integer('rate-limit', 1) } : undefined,
    auth: tokens === undefined ? undefined : { tokens },
    limits: limitsOf(values),
    metricsToken: values.string('metrics-token'),
  };
  const retention = {
    maxEventsPerRun: values.integer('max-events-per-run'),
    finishedRunTtlMs: values.integer('finished-run-ttl-ms'),
    idleRunTtlMs: values.integer('idle-run-ttl-ms'),
    maxActiveRunsPerTenant: values.integer('max-active-runs-per-tenant'),
    maxBytesPerTenant: values.integer('max-bytes-per-tenant'),
    sweepIntervalMs: values.integer('retention-sweep-ms'),
  };
  const redis = {
    commandTimeoutMs: values.integer('redis-command-timeout-ms'),
    connectTimeoutMs: values.integer('redis-connect-timeout-ms'),
  };
  const drainTimeoutMs = values.integer('drain-timeout-ms', 10_000);
  const store = await openStore(storeSpec, {
    retention,
    redis,
    onError: (error, context) => logger.error(errorField(error), `store: ${context}`),
  });
  try {
    const server = await startRunServer({ ...options, store, logger, metrics: createMetrics() });
    if (tokens === undefined || Object.keys(tokens).length === 0) {
      logger.warn(
        { mode: 'open' },
        "no --tokens given: OPEN MODE. Anyone who can reach this port can read AND WRITE every run (all as tenant 'public'); use it for demos and local development only",
      );
    }
    logger.info({ url: server.url, store: redactSpec(storeSpec) }, `run-progress-kit server listening on ${server.url}`);
    return { server, store, logger, drainTimeoutMs };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function stopOnSignals({ server, store, logger, drainTimeoutMs }: Started): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainTimeoutMs }, `${signal}: draining`);
    const { unfinished } = await server.drain(drainTimeoutMs);
    await store.close();
    logger.info({ unfinished }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = readSettings(process.argv.slice(2));
    if (parsed.help) {
      process.stdout.write(`${usage(SETTING_GROUPS)}\n`);
      return;
    }
    stopOnSignals(await start(parsed.values));
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    process.stderr.write(`${error.message}\n\nRun with --help for every setting.\n`);
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `run-progress-kit server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
