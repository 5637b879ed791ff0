import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunList } from '../../../src/contract/index.js';
import { OPEN_TENANT } from '../../../server/auth/principal.js';
import { openSqliteStore } from '../../../server/store/sqlite-store.js';

// `npm start` as a user runs it: a child process on a free port (PORT=0), its own store
// file, stopped with SIGTERM.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
let storePath: string;
let child: ChildProcess;
let stdout = '';
let stderr = '';
let pageUrl: string;

function waitFor<T>(what: string, check: () => T | undefined, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (child.exitCode !== null)
        return reject(new Error(`demo exited (${child.exitCode}) before ${what}:\n${stdout}\n${stderr}`));
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}:\n${stdout}\n${stderr}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

async function listRuns(): Promise<RunList> {
  const response = await fetch(new URL('api/runs?limit=100', pageUrl));
  expect(response.status).toBe(200);
  return (await response.json()) as RunList;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rpk-demo-start-'));
  storePath = join(dir, 'demo.db');
  child = spawn(process.execPath, ['--import', 'tsx', 'server/demo/start.ts', '--store', storePath, '--speed', '20'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  pageUrl = await waitFor('the page URL', () => /Demo page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1], 25_000);
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('npm start (server/demo/start.ts)', () => {
  it('says where the page and the store are, and that the demo is open', () => {
    expect(stdout).toContain(`Store:     ${storePath}`);
    expect(stdout).toMatch(/anyone on this machine can read and write/);
  });

  it('serves the demo page and its TypeScript', async () => {
    const page = await fetch(pageUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>run-progress-kit demo</title>');
    const script = await fetch(new URL('main.ts', pageUrl));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('lists several simulated runs that make progress', async () => {
    // At speed 20 a busy machine can catch the queue just drained (a new run is queued every
    // 0.6 s), so wait for a list that shows the states rather than take the first one.
    let first = await listRuns();
    const showsAll = (list: typeof first) =>
      list.runs.some((r) => r.status === 'running') && list.runs.some((r) => r.status === 'queued');
    for (const deadline = Date.now() + 10_000; !showsAll(first) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      first = await listRuns();
    }
    expect(first.runs.length).toBeGreaterThanOrEqual(6);
    expect(first.runs.some((r) => r.status === 'running')).toBe(true);
    expect(first.runs.some((r) => r.status === 'queued')).toBe(true);
    const before = new Map(first.runs.map((r) => [r.id, r.seq]));
    // At speed 20 every running run appends within a second or so.
    let progressed = 0;
    for (const deadline = Date.now() + 10_000; progressed < 3 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      progressed = (await listRuns()).runs.filter((r) => r.seq > (before.get(r.id) ?? 0)).length;
    }
    expect(progressed).toBeGreaterThanOrEqual(3);
  });

  it('stops cleanly on SIGTERM: exit 0 within seconds and the store closed', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(8_000); // "a few seconds"; the script itself gives up at 10
    expect(stdout).toContain('store closed');
    // A cleanly closed SQLite database checkpoints and removes its write-ahead log.
    expect(existsSync(`${storePath}-wal`)).toBe(false);
    const store = openSqliteStore({ path: storePath });
    try {
      expect((await store.listRuns({ tenant: OPEN_TENANT, limit: 100 })).runs.length).toBeGreaterThanOrEqual(6);
    } finally {
      await store.close();
    }
  });
});
