/**
 * Debian's `redis-sentinel` watching one primary, with short timeouts so a failover in a
 * test takes a second or two.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server-process.js';

export const SENTINEL_BINARY = '/usr/bin/redis-sentinel';

/** Skips without redis-sentinel on a developer's machine; under CI a missing one fails. */
export function shouldSkipSentinelTests(): boolean {
  if (existsSync(SENTINEL_BINARY) || process.env.CI === 'true') return false;
  console.warn('Skipping the Sentinel tests. Install redis-sentinel (apt-get install redis-sentinel) to run them.');
  return true;
}

/** A running Sentinel. */
export interface SentinelProcess {
  port: number;
  /** Resolves once the Sentinel has logged `pattern` (e.g. `+switch-master`). */
  logged(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a Sentinel that watches the primary on `primaryPort` as `name`. */
export async function startSentinel(name: string, primaryPort: number): Promise<SentinelProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'rpk-sentinel-'));
  const port = await freePort();
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
      `sentinel down-after-milliseconds ${name} 500`,
      `sentinel failover-timeout ${name} 2000`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(SENTINEL_BINARY, [conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    output += String(chunk);
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const logged = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sentinel never logged ${pattern}:\n${output}`)), timeoutMs);
      const check = () => {
        if (pattern.test(output)) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  await logged(/\+monitor master/);
  return {
    port,
    logged,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
