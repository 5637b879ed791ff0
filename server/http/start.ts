/**
 * A standalone run server on its own port, for the CLI, demos and tests.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RunServerOptions } from '../config.js';
import { ProblemType } from '../../src/contract/index.js';
import { createRunServer, type RunServer } from './run-server.js';
import { problem, sendProblem } from '../shared/problem.js';

/** Options of {@link startRunServer}. */
export interface StartRunServerOptions extends RunServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`; use `0.0.0.0` to accept remote clients). */
  host?: string;
}

/** A running standalone server. */
export interface StartedRunServer {
  /** The API base URL, e.g. `http://127.0.0.1:8080/api`. */
  url: string;
  /** The port actually bound. */
  port: number;
  /** The mounted run server (stats, …). */
  runServer: RunServer;
  /**
   * Stops accepting connections and drains (see {@link RunServer.drain}): requests in
   * flight get up to `timeoutMs` to finish, streams are told to reconnect elsewhere,
   * then every remaining connection is closed. Does not close the store.
   */
  drain(timeoutMs: number): Promise<{ unfinished: number }>;
  /** Closes streams, then the listener and every remaining connection. Does not close the store. */
  close(): Promise<void>;
}

/** Starts a Node HTTP server that serves only the run server. */
export async function startRunServer(options: StartRunServerOptions): Promise<StartedRunServer> {
  const runServer = createRunServer(options);
  const server = createServer((req, res) => {
    if (runServer.handleOps(req, res)) return;
    runServer.handle(req, res, () =>
      sendProblem(res, problem(404, ProblemType.NotFound, `No endpoint at ${JSON.stringify(req.url)}.`)),
    );
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Nobody else listens here: refuse upgrades to other paths rather than leave them hanging.
    if (!runServer.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const basePath = '/' + (options.basePath ?? '/api').replace(/^\/+|\/+$/g, '');
  return {
    url: `http://${shownHost}:${port}${basePath === '/' ? '' : basePath}`,
    port,
    runServer,
    async drain(timeoutMs) {
      // Stop accepting first: a load balancer then sends new connections elsewhere while
      // this one finishes what it has.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const report = await runServer.drain(timeoutMs);
      server.closeAllConnections();
      await closed;
      return report;
    },
    async close() {
      await runServer.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
