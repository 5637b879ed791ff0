/**
 * Starts a throwaway `redis-server` for tests: a free port on 127.0.0.1, a temp data
 * directory, no snapshots; optionally an append-only file so a kill and restart keeps
 * the data (as a production Redis with AOF would).
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** What to print when `redis-server` is missing. */
export const INSTALL_HINT =
  'The Redis store tests need redis-server 7 on the PATH. Install it with:  apt-get install -y redis-server  ' +
  '(or point REDIS_SERVER at a redis-server binary).';

/** The `redis-server` binary to run: `$REDIS_SERVER`, else the first on `$PATH`. */
export function findRedisServer(): string | undefined {
  const explicit = process.env.REDIS_SERVER;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Under CI a missing redis-server must fail the run rather than skip it silently, so this
 * answers whether the Redis suites should skip (locally, with the hint printed).
 */
export function shouldSkipRedisTests(): boolean {
  if (findRedisServer() !== undefined || process.env.CI === 'true') return false;
  console.warn(`Skipping Redis tests. ${INSTALL_HINT}`);
  return true;
}

/** A running throwaway Redis. */
export interface RedisProcess {
  readonly url: string;
  readonly port: number;
  /** Kills the server with SIGKILL (no shutdown save), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops it and removes its data directory. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisOptions {
  /** Keep data across {@link RedisProcess.kill} + {@link RedisProcess.restart} (AOF, fsync always). */
  persist?: boolean;
  /** Start as a replica of the Redis on this loopback port. */
  replicaOf?: number;
}

/** Starts `redis-server` on a free port; throws with {@link INSTALL_HINT} when it is missing. */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisProcess> {
  const binary = findRedisServer();
  if (binary === undefined) throw new Error(INSTALL_HINT);
  const dir = mkdtempSync(join(tmpdir(), 'rpk-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    options.persist ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--daemonize',
    'no',
    '--loglevel',
    'notice',
    ...(options.replicaOf === undefined ? [] : ['--replicaof', '127.0.0.1', String(options.replicaOf)]),
  ];
  let child: ChildProcess | undefined = await launch(binary, args);

  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    async restart() {
      await kill();
      child = await launch(binary, args);
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function launch(binary: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    function fail(error: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
