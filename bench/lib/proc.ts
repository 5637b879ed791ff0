/**
 * Child processes of the benchmark: servers (each alone in its process, so its memory is
 * its own), load children driven over IPC, and their resident memory from /proc.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/lib/../..). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A spawned server: its base URL, pid and a stopper. */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function untilExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Runs `node --import tsx <script> …args` under bash with the open-files limit raised to the
 * hard limit, and resolves once its stdout matches `ready` (the URL is built from the match).
 */
export function spawnServer(
  script: string,
  args: readonly string[],
  ready: RegExp,
  toUrl: (match: RegExpExecArray) => string,
  timeoutMs = 20_000,
): Promise<ServerProcess> {
  const quoted = [script, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('bash', ['-c', `ulimit -n "$(ulimit -Hn)"; exec node --import tsx ${quoted}`], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        url: toUrl(m),
        pid: child.pid!,
        stop: () => {
          child.kill('SIGTERM');
          return untilExit(child, 5000);
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it listened: ${stderr}`));
    });
  });
}

/** Resident memory of a process in bytes (VmRSS), or NaN if it is gone. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) of a process in ms, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** A free loopback port (for redis-server, which cannot report one it picked). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A load child driven over IPC. */
export interface LoadChild {
  ask<T>(message: object, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Forks bench/load/subscribers.ts with the open-files limit raised. */
export function spawnLoadChild(): LoadChild {
  const child = spawn('bash', ['-c', `ulimit -n "$(ulimit -Hn)"; exec node --import tsx bench/load/subscribers.ts`], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((m: unknown) => void)[] = [];
  child.on('message', (m) => waiting.shift()?.(m));
  return {
    ask<T>(message: object, timeoutMs = 120_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`load child: no answer to ${JSON.stringify(message)}`)),
          timeoutMs,
        );
        waiting.push((m) => {
          clearTimeout(timer);
          resolve(m as T);
        });
        child.send(message);
      });
    },
    async stop() {
      if (child.connected) child.send({ cmd: 'close' });
      await untilExit(child, 3000);
    },
  };
}

/**
 * The reference backend (bench/servers/reference.ts: what the CLI runs, with the streaming
 * connection bound raised past the idle measure); resolves with its `/api` base URL.
 */
export function spawnReference(
  storeSpec: string,
  heartbeatMs: number,
  maxConnections = 25_000,
): Promise<ServerProcess> {
  return spawnServer(
    'bench/servers/reference.ts',
    [storeSpec, String(heartbeatMs), String(maxConnections)],
    /listening (http:\/\/\S+)/,
    (m) => m[1]!,
  );
}

/** One of the baseline servers in bench/servers/; resolves with its root URL. */
export function spawnBaseline(name: 'bare-sse' | 'socketio', heartbeatMs: number): Promise<ServerProcess> {
  return spawnServer(
    `bench/servers/${name}.ts`,
    [String(heartbeatMs)],
    /listening (\d+)/,
    (m) => `http://127.0.0.1:${m[1]}`,
  );
}
