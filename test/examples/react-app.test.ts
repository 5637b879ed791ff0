/**
 * examples/react-app: the React sample app, built with Vite, driven in real Chromium
 * against the reference backend: the list of runs appears, selecting a run shows its log,
 * a run that completes shows as succeeded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../setup/chromium.js';
import { RunBackend } from '../support/run-backend.js';
import { serveStatic, type StaticServer } from './static-server.js';

const root = join(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'rpk-react-app-'));
let backend: RunBackend;
let site: StaticServer;
let browser: Browser;

beforeAll(async () => {
  await build({
    configFile: join(root, 'examples/react-app/vite.config.ts'),
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
  [backend, site, browser] = await Promise.all([
    RunBackend.start({ cors: { origins: '*' }, heartbeatMs: 1000 }),
    serveStatic({ '/': outDir }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await backend?.close();
  rmSync(outDir, { recursive: true, force: true });
});

async function createRun(id: string, title: string): Promise<void> {
  const made = await backend.store.createRun('public', { id, title, steps: [{ key: 'build' }] }, new Date());
  if (made === 'exists') throw new Error(`run ${id} exists`);
}

const row = (page: Page, runId: string) => page.locator(`li[data-run-id="${runId}"]`);
const logLines = (page: Page) => page.locator('run-log-tail .row.line .text').allTextContents();

describe('examples/react-app', () => {
  it('lists runs, shows the selected run’s log, and shows a run that completes as succeeded', async () => {
    await createRun('app-build', 'Nightly build');
    await createRun('app-deploy', 'Deploy');
    await backend.append('app-build', [
      { type: 'progress', phase: 'build', percent: 20 },
      { type: 'log', text: 'compiling 120 files' },
    ]);
    await backend.append('app-deploy', [{ type: 'log', text: 'waiting for approval' }]);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${site.origin}/?api=${encodeURIComponent(backend.url)}`);

    // The list, newest first, each row a live <RunProgress>.
    await expect
      .poll(() => page.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-run-id'))))
      .toEqual(['app-deploy', 'app-build']);
    await expect.poll(() => row(page, 'app-build').locator('[part="percent"]').textContent()).toBe('20%');

    // The first run's log is shown until another is selected.
    await expect.poll(() => logLines(page)).toEqual(['waiting for approval']);
    await row(page, 'app-build').getByRole('button', { name: 'Show log' }).click();
    await expect.poll(() => logLines(page)).toEqual(['compiling 120 files']);
    await expect.poll(() => page.locator('h2').textContent()).toContain('Log of Nightly build');

    // Live: a new line, then the end of the run.
    await backend.append('app-build', [{ type: 'log', text: 'linking' }]);
    await expect.poll(() => logLines(page)).toEqual(['compiling 120 files', 'linking']);
    await backend.append('app-build', [{ type: 'status', status: 'succeeded' }]);
    await expect.poll(() => row(page, 'app-build').locator('[part="status"]').textContent()).toContain('Succeeded');
    await expect.poll(() => page.getByTestId('selected-status').textContent()).toBe('succeeded');
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Run app-build succeeded.');

    // Every element and the hook share one connection (under StrictMode too).
    expect(sockets).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
