/**
 * examples/plain-html: a page with no build step loads the self-contained bundle with one
 * module script and follows the reference backend's runs live, in real Chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../setup/chromium.js';
import { RunBackend } from '../support/run-backend.js';
import { serveStatic, type StaticServer } from './static-server.js';

const root = join(import.meta.dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'rpk-bundle-'));
let backend: RunBackend;
let site: StaticServer;
let browser: Browser;

beforeAll(async () => {
  // The real build script (budget check included), into a scratch directory.
  execFileSync(process.execPath, ['scripts/build-bundle.mjs', '--outdir', outdir], { cwd: root, stdio: 'pipe' });
  [backend, site, browser] = await Promise.all([
    RunBackend.start({ cors: { origins: '*' }, heartbeatMs: 1000 }),
    serveStatic({ '/examples/plain-html/': join(root, 'examples/plain-html'), '/dist/': outdir }),
    chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await backend?.close();
  rmSync(outdir, { recursive: true, force: true });
});

async function createRun(id: string): Promise<void> {
  const made = await backend.store.createRun(
    'public',
    { id, steps: [{ key: 'fetch_data' }, { key: 'export_reports' }] },
    new Date(),
  );
  if (made === 'exists') throw new Error(`run ${id} exists`);
}

const percentOf = (page: Page, runId: string) => page.locator(`run-progress[run-id="${runId}"] [part="percent"]`);
const statusOf = (page: Page, runId: string) => page.locator(`run-progress[run-id="${runId}"] [part="status"]`);

describe('examples/plain-html', () => {
  it('lists the runs with both tags and shows a producer’s updates live', async () => {
    const ids = ['plain-a', 'plain-b', 'plain-c'];
    for (const id of ids) await createRun(id);
    await backend.append('plain-a', [{ type: 'log', text: 'loaded before the page' }]);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${site.origin}/examples/plain-html/?api=${encodeURIComponent(backend.url)}`);

    // Newest first; the log follows the first run.
    await expect
      .poll(() => page.locator('run-progress').evaluateAll((els) => els.map((e) => e.getAttribute('run-id'))))
      .toEqual(['plain-c', 'plain-b', 'plain-a']);
    await expect.poll(() => statusOf(page, 'plain-b').textContent()).toContain('Queued');
    await expect.poll(() => page.locator('run-log-tail').getAttribute('run-id')).toBe('plain-c');

    await backend.append('plain-b', [{ type: 'progress', phase: 'fetch_data', percent: 35 }]);
    await expect.poll(() => percentOf(page, 'plain-b').textContent()).toBe('35%');

    await page.locator('li[data-run-id="plain-a"] button').click();
    await expect
      .poll(() => page.locator('run-log-tail .row.line .text').allTextContents())
      .toEqual(['loaded before the page']);
    await backend.append('plain-a', [{ type: 'log', text: '<b>live</b> line' }]);
    await expect
      .poll(() => page.locator('run-log-tail .row.line .text').allTextContents())
      .toEqual(['loaded before the page', '<b>live</b> line']);

    await backend.append('plain-a', [{ type: 'status', status: 'succeeded' }]);
    await expect.poll(() => statusOf(page, 'plain-a').textContent()).toContain('Succeeded');
    await expect.poll(() => page.locator('#status').textContent()).toBe('Run plain-a succeeded.');

    // The bundle defined both tags itself: nothing else on the page could have.
    expect(
      await page.evaluate(() => [!!customElements.get('run-progress'), !!customElements.get('run-log-tail')]),
    ).toEqual([true, true]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
