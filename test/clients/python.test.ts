/**
 * The Python producer client (clients/python) against the reference backend: starts a real
 * server on a loopback port (SQLite in a temp directory, tokens on), then runs the client's
 * own `unittest` suite with Debian's python3 and the base URL and tokens in the environment.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/support/test-server.js';

const ROOT = join(import.meta.dirname, '../..');
/** `PYTHON` if set, else Debian's python3 (the one CI has), else whatever `python3` is on PATH. */
const PYTHON = process.env['PYTHON'] ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
/** The suite must not shrink unnoticed: at least this many tests must run. */
const MIN_TESTS = 30;

interface Finished {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the server under test runs on this process's event loop.
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('Python client (clients/python) against the reference backend', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      auth: {
        tokens: {
          'py-producer': { tenant: 'py', role: 'producer' },
          'py-reader': { tenant: 'py', role: 'reader' },
        },
      },
    });
  });
  afterAll(() => t.close());

  it('passes its unittest suite with the standard library only', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      LANG: 'C.UTF-8',
      RUN_PROGRESS_BASE_URL: t.url,
      RUN_PROGRESS_PRODUCER_TOKEN: 'py-producer',
      RUN_PROGRESS_READER_TOKEN: 'py-reader',
      // Loopback only, never through a proxy from the environment; no .pyc files in the tree;
      // no user site-packages: the standard library only.
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONNOUSERSITE: '1',
    };
    const { code, output } = await run(
      PYTHON,
      ['-m', 'unittest', 'discover', '-s', 'clients/python/tests', '-v'],
      env,
      60_000,
    );
    const ran = /^Ran (\d+) tests? in ([\d.]+)s$/m.exec(output);
    expect(ran, output).not.toBeNull();
    expect(code, output).toBe(0);
    expect(Number(ran![1]), output).toBeGreaterThanOrEqual(MIN_TESTS);
    expect(output, output).toMatch(/^OK$/m); // no skips, no expected failures
    expect(t.logged.filter((line) => line.startsWith('error')), output).toEqual([]);
  }, 90_000);
});
