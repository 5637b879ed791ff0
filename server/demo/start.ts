/**
 * `npm start`: the demo. The reference backend on the embedded SQLite store, the demo
 * page and a simulator playing live runs, on one port (`PORT`, default 8080; 0 picks a
 * free one) of `HOST` (default 127.0.0.1). Stops cleanly on SIGINT/SIGTERM.
 *
 * `npm start -- --target http://host:port/api [--token T]` runs only the simulator,
 * feeding a server that runs elsewhere through the producer API.
 * @module
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_STORE, startDemoServer } from './demo-server.js';
import { httpSink } from './http-sink.js';
import { createSimulator } from './simulator.js';

const USAGE = `Usage: npm start -- [options]
  --store PATH     SQLite file of the demo (default ./.data/demo.db)
  --speed N        simulated time runs N times faster (default 1)
  --seed N         seed of the simulated runs (default 1)
  --max-runs N     stop creating runs after N (default 1000)
  --target URL     only simulate: feed the API at URL (e.g. http://127.0.0.1:8080/api)
  --token T        producer token for --target (default: $RUN_PRODUCER_TOKEN)
Environment: PORT (default 8080; 0 picks a free port), HOST (default 127.0.0.1).`;

/** How long a stop may take before the process gives up waiting and exits non-zero. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

interface NumberRule {
  ok: (n: number) => boolean;
  want: string;
}
const positive: NumberRule = { ok: (n) => Number.isFinite(n) && n > 0, want: 'a positive number' };
const count: NumberRule = { ok: (n) => Number.isSafeInteger(n) && n > 0, want: 'a positive integer' };
const integer: NumberRule = { ok: Number.isSafeInteger, want: 'an integer' };
const portNumber: NumberRule = {
  ok: (n) => Number.isInteger(n) && n >= 0 && n <= 65_535,
  want: 'a port number (0-65535)',
};

function numberOption(name: string, raw: string | undefined, fallback: number, rule: NumberRule): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!rule.ok(value)) fail(`${name} must be ${rule.want}, got ${JSON.stringify(raw)}`);
  return value;
}

/** Runs `close` on the first SIGINT/SIGTERM and exits; a second signal exits at once. */
function onSignals(close: () => Promise<void>, done: string): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`\n${signal} again: exiting without waiting.\n`);
      process.exit(130);
    }
    stopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(`Stopping took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting anyway.\n`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    close().then(
      () => {
        process.stdout.write(`${done}\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(
          `Error while stopping: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        store: { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        'max-runs': { type: 'string' },
        target: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const simulator = {
    speed: numberOption('--speed', values.speed, 1, positive),
    seed: numberOption('--seed', values.seed, 1, integer),
    maxRuns: numberOption('--max-runs', values['max-runs'], 1000, count),
  };

  if (values.target !== undefined) {
    let target: URL;
    try {
      target = new URL(values.target);
    } catch {
      fail(`--target must be a URL like http://127.0.0.1:8080/api, got ${JSON.stringify(values.target)}`);
    }
    const sim = createSimulator({
      ...simulator,
      sink: httpSink({ baseUrl: target.href, token: values.token ?? process.env.RUN_PRODUCER_TOKEN }),
      onError: (error, runId) =>
        console.error(`[demo] run ${runId} stopped: ${error instanceof Error ? error.message : String(error)}`),
    });
    onSignals(() => sim.stop(), 'Simulator stopped.');
    await sim.start();
    process.stdout.write(
      `Simulating runs into ${target.href} (speed ${simulator.speed}×, seed ${simulator.seed}). Ctrl+C to stop.\n`,
    );
    return;
  }

  const port = numberOption('PORT', process.env.PORT, 8080, portNumber);
  const host = process.env.HOST || '127.0.0.1';
  const storePath = values.store ?? DEFAULT_DEMO_STORE;
  let demo;
  try {
    // The open demo answers only loopback names and IPs (DNS-rebinding protection) unless told more.
    const allowedHosts = process.env.RUN_ALLOWED_HOSTS?.split(',').map((name) => name.trim());
    demo = await startDemoServer({ port, host, storePath, simulator, allowedHosts });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      fail(`Port ${port} on ${host} is in use. Set PORT to another port (PORT=0 picks a free one).`);
    throw error;
  }
  onSignals(() => demo.close(), 'Demo stopped; store closed.');
  const shownStore = relative(process.cwd(), demo.storePath);
  process.stdout.write(
    [
      '',
      'run-progress-kit demo',
      `  Demo page: ${demo.pageUrl}`,
      `  API:       ${demo.apiUrl}`,
      `  Store:     ${shownStore.startsWith('..') ? demo.storePath : shownStore} (SQLite)`,
      '  Open demo: no tokens are configured, so anyone on this machine can read and write these runs.',
      `  Runs:      simulated (speed ${simulator.speed}×, seed ${simulator.seed}); new ones start every few seconds.` +
        (demo.abandonedRuns > 0 ? ` Closed ${demo.abandonedRuns} left over from the last session.` : ''),
      '  Ctrl+C stops the demo.',
      '',
    ].join('\n'),
  );
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    process.stdout.write(`  Warning: HOST=${host} exposes this open demo beyond this machine.\n\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The demo failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
