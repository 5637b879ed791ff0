// What every consumer check shares: shell commands with their output kept for the report,
// packing the packages, fresh app folders outside this repository, the backend started from
// the installed server package, a producer that writes live runs over HTTP, and headless
// Chromium. Nothing here is imported by the apps: they see only the tarballs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const repo = resolve(import.meta.dirname, '../..');
export const templates = join(import.meta.dirname, 'apps');

/** A command failed: its output goes into the report. */
export class CommandError extends Error {}

/**
 * Runs `command args` in `cwd` and resolves with its output; rejects with a
 * {@link CommandError} carrying the tail of the output when it exits non-zero or outlives
 * `timeoutMs`. `env` adds to the environment.
 */
export async function sh(cwd, command, args, { env = {}, timeoutMs = 600_000 } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = await once(child, 'close');
  clearTimeout(timer);
  if (code !== 0)
    throw new CommandError(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${output.slice(-4000)}`);
  return output;
}

/** `npm …` with the registry as users have it; never audits or asks for funding. */
export const npm = (cwd, args, options) => sh(cwd, 'npm', ['--no-audit', '--no-fund', ...args], options);

/**
 * Builds every package and packs it into `dest`: the browser package, the server and the
 * conformance suite. Resolves with the tarballs' paths by package.
 */
export async function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  await npm(repo, ['run', 'build']);
  const tarballs = {};
  for (const [key, folder] of [
    ['kit', repo],
    ['server', join(repo, 'server')],
    ['conformance', join(repo, 'conformance')],
  ]) {
    const out = await npm(folder, ['pack', '--ignore-scripts', '--json', '--pack-destination', dest]);
    const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
    tarballs[key] = join(dest, filename);
  }
  return tarballs;
}

/** A fresh app folder `work/name`, from `test/consumers/apps/name` when there is one. */
export async function appFolder(work, name) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(templates, name))) await cp(join(templates, name), dir, { recursive: true });
  return dir;
}

/** Every file under `dir` whose name ends with `suffix` (a look at what an install put there). */
export function filesEndingWith(dir, suffix) {
  const found = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(suffix)) found.push(path);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

/**
 * Starts a long-running command (a server) and resolves once a line of its output matches
 * `ready`, with the match and a `stop()`.
 */
export async function start(cwd, command, args, ready, { env = {}, timeoutMs = 120_000 } = {}) {
  const child = spawn(command, args, {
    cwd,
    // Without NO_COLOR, tools colour their output whenever CI is set (as in CI), even inside a URL.
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const exited = once(child, 'exit');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const match = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new CommandError(`${command} ${args.join(' ')}: not ready:\n${output}`)),
      timeoutMs,
    );
    const onData = (d) => {
      output += d;
      // eslint-disable-next-line no-control-regex -- colour codes, should a tool ignore NO_COLOR
      const m = ready.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (m) {
        clearTimeout(timer);
        resolvePromise(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new CommandError(`${command} ${args.join(' ')} exited ${code} before it was ready:\n${output}`));
    });
  });
  return { match, stop, output: () => output };
}

/** A port nobody listens on now. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/** Serves `dir` as static files on a free loopback port (the plain HTML page). */
export async function serveStatic(dir) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.map': 'application/json',
    '.json': 'application/json',
  };
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(dir) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Writes runs through the contract's ingest endpoints, as a producer in any language would. */
export class Producer {
  constructor(api) {
    this.api = api;
  }

  async #post(path, body) {
    const res = await fetch(`${this.api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** Creates a running run `id` with two steps, in its first phase. */
  async startRun(id) {
    await this.#post('/runs', {
      id,
      title: `Consumer check ${id}`,
      steps: [
        { key: 'build', label: 'Building the thing' },
        { key: 'ship', label: 'Shipping the thing' },
      ],
    });
    await this.append(id, [
      { type: 'status', status: 'running' },
      { type: 'progress', phase: 'build', percent: 10, message: 'warming up' },
      { type: 'log', text: 'first line, before the page loaded' },
    ]);
  }

  /** Appends `events` to run `id`. */
  append(id, events) {
    return this.#post(`/runs/${encodeURIComponent(id)}/events`, { events });
  }
}

/** Headless Debian Chromium, as the repository's browser tests run it. */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * Opens `url` and checks what a user of the page sees: both elements defined, the run's
 * live phase and a log line appended after the page loaded, no page error. Resolves with
 * the page's WebSocket count (open at the end) for checks that count connections.
 */
export async function checkLivePage(browser, url, { producer, runId, waitFor = 'run-log-tail' }) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  let openSockets = 0;
  let socketsOpened = 0;
  page.on('websocket', (ws) => {
    openSockets++;
    socketsOpened++;
    ws.on('close', () => openSockets--);
  });
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response?.ok()) throw new Error(`GET ${url}: ${response?.status()}`);
    await page.waitForFunction(
      (tag) => customElements.get('run-progress') !== undefined && customElements.get(tag) !== undefined,
      waitFor,
      { timeout: 20_000 },
    );
    // The first line came before the page: it arrives through the snapshot and log tail.
    await page.getByText('first line, before the page loaded').waitFor({ timeout: 20_000 });
    // Then live events, sent only now, must reach both elements.
    const marker = `live line ${runId} ${Date.now()}`;
    await producer.append(runId, [
      { type: 'progress', phase: 'ship', percent: 60, message: 'almost there' },
      { type: 'log', text: marker },
    ]);
    await page.getByText(marker).waitFor({ timeout: 20_000 });
    await page.getByText('Shipping the thing').first().waitFor({ timeout: 20_000 });
    await page.locator('run-progress [role="progressbar"][aria-valuenow="60"]').first().waitFor({ timeout: 20_000 });
    if (errors.length > 0) throw new Error(`errors on ${url}:\n${errors.join('\n')}`);
    // Let a page settle before counting its connections (StrictMode mounts twice).
    await sleep(500);
    return { openSockets, socketsOpened, page };
  } catch (error) {
    const text = await page.evaluate(() => document.body?.innerText ?? '').catch(() => '(no text)');
    throw new Error(`${error.message}\npage text: ${text.slice(0, 600)}\n${errors.join('\n')}`);
  }
}
