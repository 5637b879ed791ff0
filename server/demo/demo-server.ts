/**
 * The whole demo in one Node HTTP server: the reference run server under `/api` on the
 * embedded SQLite store, the demo page from `demo/` through Vite in middleware mode (so
 * its TypeScript, and the kit's, is served without a build), and the simulator feeding
 * live runs into the store.
 * @module
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { OPEN_TENANT } from '../auth/principal.js';
import { createRunServer, type RunServer } from '../http/run-server.js';
import { createLogger } from '../ops/logger.js';
import { openSqliteStore, type SqliteRunStore } from '../store/sqlite-store.js';
import { closeAbandonedRuns } from './abandoned-runs.js';
import { storeSink } from './run-sink.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

/** The repository root, whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Default SQLite file of the demo (gitignored). */
export const DEFAULT_DEMO_STORE = join(REPO_ROOT, '.data', 'demo.db');

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  storePath: string;
  /** Simulator settings (the sink is the demo's store). */
  simulator?: Omit<SimulatorOptions, 'sink'>;
  /**
   * Vite's cache of pre-bundled dependencies (default `node_modules/.vite/demo`). Two demo
   * servers at once (tests) need one each: Vite rewrites the folder while it serves it.
   */
  viteCacheDir?: string;
  /** Told about runs the simulator could not write. Default: `console.error`. */
  onSimulatorError?: (error: unknown, runId: string) => void;
  /** `Host` names the API answers besides loopback and IP addresses (see `RunServerOptions.allowedHosts`). */
  allowedHosts?: readonly string[] | undefined;
}

/** A running demo. */
export interface DemoServer {
  /** The page, e.g. `http://127.0.0.1:8080/`. */
  pageUrl: string;
  /** The contract's base URL, e.g. `http://127.0.0.1:8080/api`. */
  apiUrl: string;
  storePath: string;
  /** Runs a previous demo left active, closed at start. */
  abandonedRuns: number;
  /** Stops the simulator, the streams, Vite and the listener, then closes the store. */
  close(): Promise<void>;
}

/** Starts the demo. On failure everything opened so far is closed again. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    // Reverse order: the simulator stops writing before the store it writes to closes.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const store: SqliteRunStore = openSqliteStore({ path: options.storePath });
    cleanups.push(() => store.close());
    const abandonedRuns = await closeAbandonedRuns(store, OPEN_TENANT);

    // Readable lines for people at a terminal; the request log (info) would drown them.
    const logger = createLogger({ level: 'warn', format: 'pretty', destination: process.stderr });
    const runServer: RunServer = createRunServer({ store, allowedHosts: options.allowedHosts, logger });
    // `vite` is created below, before the server listens, so no request arrives without it.
    const server: Server = createServer((req, res) => {
      if (runServer.handleOps(req, res)) return;
      runServer.handle(req, res, () => vite.middlewares(req, res));
    });
    runServer.attach(server);
    cleanups.push(() => closeHttpServer(server));
    cleanups.push(() => runServer.close());

    const vite: ViteDevServer = await createViteServer({
      root: join(REPO_ROOT, 'demo'),
      // Only this code configures the demo: a vite.config.ts at the root (for the library
      // build, say) must not change how the demo is served.
      configFile: false,
      appType: 'spa',
      logLevel: 'warn',
      clearScreen: false,
      cacheDir: options.viteCacheDir ?? join(REPO_ROOT, 'node_modules', '.vite', 'demo'),
      server: {
        middlewareMode: true,
        // HMR rides on the demo's own port, next to the run server's WebSocket.
        ws: { server },
        // The page imports the kit from src/, outside the Vite root.
        fs: { allow: [REPO_ROOT] },
      },
    });
    cleanups.push(() => vite.close());

    await listen(server, options.port, options.host);
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    const shownHost = options.host.includes(':')
      ? `[${options.host}]`
      : options.host === '0.0.0.0'
        ? '127.0.0.1'
        : options.host;
    const origin = `http://${shownHost}:${port}`;

    const simulator: Simulator = createSimulator({
      ...options.simulator,
      sink: storeSink(store, { tenant: OPEN_TENANT }),
      onError:
        options.onSimulatorError ??
        ((error, runId) =>
          console.error(`[demo] run ${runId} stopped: ${error instanceof Error ? error.message : String(error)}`)),
    });
    cleanups.push(() => simulator.stop());
    await simulator.start();

    return {
      pageUrl: `${origin}/`,
      apiUrl: `${origin}/api`,
      storePath: options.storePath,
      abandonedRuns,
      close: closeAll,
    };
  } catch (error) {
    await closeAll().catch(() => {});
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive sockets and the page's polling would otherwise hold close() open.
    server.closeAllConnections();
  });
}
