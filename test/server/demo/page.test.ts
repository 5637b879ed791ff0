import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../server/demo/demo-server.js';
import { chromiumArgs, chromiumPath } from '../../setup/chromium.js';

// The demo page as a person sees it: the real demo server in this process (run server,
// Vite, simulator at 20× on a temporary SQLite file) and a real headless Chromium.
let dir: string;
let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rpk-demo-page-'));
  demo = await startDemoServer({
    port: 0,
    host: '127.0.0.1',
    storePath: join(dir, 'demo.db'),
    viteCacheDir: join(dir, 'vite-cache'),
    simulator: { speed: 20, seed: 2 },
  });
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await rm(dir, { recursive: true, force: true });
});

async function open(path: string): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(path, demo.pageUrl).href);
  return { page, dialogs, errors };
}

/** Every `<img>` in the document and in every open shadow root. */
function countImages(page: Page): Promise<number> {
  return page.evaluate(() => {
    let count = 0;
    const visit = (root: Document | ShadowRoot): void => {
      count += root.querySelectorAll('img').length;
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
    };
    visit(document);
    return count;
  });
}

const HOSTILE = '<img src=x onerror=alert(1)>';

/** A run whose title and log hold HTML-looking text, created through the open demo API. */
async function createHostileRun(id: string): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(new URL(path, demo.pageUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await post('api/runs', { id, title: `Import ${HOSTILE}` })).status).toBe(201);
  const events = [
    { type: 'progress', phase: 'import', percent: 10 },
    { type: 'log', text: `row 17: ${HOSTILE}`, level: 'warn' },
    { type: 'log', text: '\u001b[32mplain green line\u001b[0m' },
  ];
  expect((await post(`api/runs/${id}/events`, { events })).status).toBe(201);
}

/** The text of an element's shadow root (Playwright's innerText stops at the host). */
function shadowText(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => document.querySelector(sel)?.shadowRoot?.textContent ?? '', selector);
}

describe('the demo page', () => {
  it('shows live runs with <run-progress>, and HTML-looking log lines as text in <run-log-tail>', async () => {
    await createHostileRun('hostile-elements');
    const { page, dialogs, errors } = await open('/#run=hostile-elements');
    await expect.poll(() => page.locator('#runs tbody tr').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.locator('#runs tbody run-progress').count()).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.locator('#detail run-progress').getByRole('progressbar').count()).toBe(1);
    await expect
      .poll(() => shadowText(page, '#detail run-log-tail'), { timeout: 10_000 })
      .toContain(`row 17: ${HOSTILE}`);
    await expect.poll(() => shadowText(page, '#detail run-log-tail')).toContain('plain green line');
    expect(await countImages(page)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the newest running run by itself on a first visit, until the reader picks one', async () => {
    const { page, errors } = await open('/');
    const selectedRow = page.locator('#runs tbody tr[aria-selected="true"]');
    await expect.poll(() => selectedRow.count(), { timeout: 15_000 }).toBe(1);
    const shown = await selectedRow.getAttribute('data-run-id');
    await expect.poll(() => shadowText(page, '#detail run-log-tail'), { timeout: 10_000 }).toMatch(/\S/);
    expect(new URL(page.url()).hash).toBe('');
    // Rows re-sort as the simulator's runs change: pin the row by its id before clicking,
    // or the lazy locator can resolve to another row between reading and clicking.
    const picked = await page
      .locator(`#runs tbody tr:not([data-run-id="${shown}"])`)
      .first()
      .getAttribute('data-run-id');
    await page.locator(`#runs tbody tr[data-run-id="${picked}"] button`).click();
    await expect.poll(() => selectedRow.getAttribute('data-run-id')).toBe(picked);
    expect(new URL(page.url()).hash).toBe(`#run=${picked}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the same runs in the plain table, HTML-looking text as text', async () => {
    await createHostileRun('hostile-plain');
    const { page, dialogs, errors } = await open('/?plain#run=hostile-plain');
    await expect.poll(() => page.locator('#runs tbody tr').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(6);
    expect(await page.locator('#runs thead th').allInnerTexts()).toEqual([
      'Run',
      'Title',
      'Status',
      'Phase',
      'Percent',
      'Last update',
    ]);
    await expect
      .poll(() => page.locator('#runs tbody tr', { hasText: 'hostile-plain' }).innerText())
      .toContain(`Import ${HOSTILE}`);
    await expect
      .poll(() => page.locator('#detail pre.log').innerText(), { timeout: 10_000 })
      .toContain(`row 17: ${HOSTILE}`);
    // Colours are dropped, not shown as escape codes.
    expect(await page.locator('#detail pre.log').innerText()).toMatch(/info +plain green line/);
    expect(await countImages(page)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
