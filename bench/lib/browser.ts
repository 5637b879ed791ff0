/**
 * Headless browsers for the element benchmarks: bundles a page from bench/browser/ with
 * esbuild and serves it from a loopback static server (the API is on another origin, CORS on).
 * Debian's Chromium through playwright-core; Debian's Firefox ESR through puppeteer-core over
 * WebDriver BiDi (no browser download). {@link BenchBrowser} drives either, so a section's
 * measuring code is written once; what needs CDP is on the Chromium side only.
 * @module
 */
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath } from '../../test/setup/chromium.js';
import { FIREFOX_PREFS } from '../../test/setup/engines/firefox.js';
import { firefoxPath, missingFiles } from '../../test/setup/engines/installed.js';
import { ROOT } from './proc.js';

/** A bundled page on a loopback port. */
export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

/** Bundles `entry` (relative to the root) and serves it at `/` with an empty body. */
export async function servePage(entry: string): Promise<ServedPage> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    tsconfig: 'tsconfig.json',
  });
  const js = result.outputFiles[0]!.contents;
  const html =
    '<!doctype html><meta charset="utf-8"><title>bench</title><body></body><script type="module" src="/page.js"></script>';
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/page.js')) res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    else res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Debian's Chromium, headless, with the project's flags and precise memory info. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--enable-precise-memory-info'],
    headless: true,
  });
}

/** The engines a {@link BenchBrowser} can be. */
export type Engine = 'chromium' | 'firefox';

/** One tab of a {@link BenchBrowser}. */
export interface BenchTab {
  /**
   * Runs `fn(arg)` in the page and resolves with its (awaited) result. `fn` is sent as source,
   * so it may name only page globals and its argument.
   */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Polls `fn` in the page every 50 ms until it returns something truthy; throws after `timeoutMs`. */
  waitFor(fn: () => unknown, timeoutMs: number): Promise<void>;
  /** A CDP session on the tab: Chromium only (`undefined` in other engines). */
  cdp?: () => Promise<CDPSession>;
  close(): Promise<void>;
}

/** A launched headless browser, whichever the engine. */
export interface BenchBrowser {
  engine: Engine;
  /** What the browser says it is, e.g. `156.0.8078.114` or `firefox/153.0`. */
  version: string;
  /** Opens a new tab at `url`, waiting for its load event. */
  open(url: string): Promise<BenchTab>;
  /** A browser-wide CDP session: Chromium only (`undefined` in other engines). */
  browserCdp?: () => Promise<CDPSession>;
  close(): Promise<void>;
}

// tsx (esbuild) wraps named inner functions in `__name(…)`; a function sent to the page as
// source then calls a helper the page does not have. Every tab gets a no-op one first.
const NAME_SHIM = 'globalThis.__name ??= (f) => f;';

async function pollUntil(check: () => Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`page condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** {@link launchChromium} behind the engine-neutral {@link BenchBrowser}. */
export async function chromiumBench(): Promise<BenchBrowser> {
  const browser = await launchChromium();
  return {
    engine: 'chromium',
    version: browser.version(),
    async open(url) {
      const page = await browser.newPage();
      await page.addInitScript(NAME_SHIM);
      await page.goto(url);
      let session: Promise<CDPSession> | undefined;
      const evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> =>
        page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown);
      return {
        evaluate,
        waitFor: (fn, timeoutMs) => pollUntil(() => evaluate(fn), timeoutMs),
        cdp: () => (session ??= page.context().newCDPSession(page)),
        close: () => page.close(),
      };
    },
    browserCdp: () => browser.newBrowserCDPSession(),
    close: () => browser.close(),
  };
}

/** Why Firefox cannot run here (`undefined` when it can): Debian's firefox-esr is missing. */
export function firefoxMissing(): string | undefined {
  const missing = missingFiles('firefox');
  return missing.length === 0
    ? undefined
    : `${missing.join(', ')} not found (sudo apt-get install -y --no-install-recommends firefox-esr; FIREFOX_PATH overrides)`;
}

/**
 * Debian's Firefox ESR, headless, over WebDriver BiDi (puppeteer-core), with the prefs of the
 * browser tests' launcher (test/setup/engines/firefox.ts, whose session exposes no page to
 * evaluate in) plus full-precision timers: Firefox otherwise rounds `performance.now()` and
 * frame times to 1 ms with jitter, which would blur frame intervals.
 */
export async function firefoxBench(): Promise<BenchBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: firefoxPath,
    headless: true,
    // Loading 1 000 000 lines into the naive view is one long `evaluate`.
    protocolTimeout: 900_000,
    extraPrefsFirefox: { ...FIREFOX_PREFS, 'privacy.reduceTimerPrecision': false },
  });
  return {
    engine: 'firefox',
    version: await browser.version(),
    async open(url) {
      const page = await browser.newPage();
      await page.evaluateOnNewDocument(NAME_SHIM);
      await page.goto(url, { timeout: 30_000 });
      const evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> =>
        page.evaluate(fn as (arg: unknown) => Promise<R>, arg as unknown);
      return {
        evaluate,
        waitFor: (fn, timeoutMs) => pollUntil(() => evaluate(fn), timeoutMs),
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** The 1-, 5- and 15-minute load averages, rounded to 0.01. */
export function loadAverage(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

/** Mean and 95th percentile of a list of milliseconds. */
export function meanP95(values: readonly number[]): { count: number; mean: number; p95: number } {
  if (values.length === 0) return { count: 0, mean: 0, p95: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    count: values.length,
    mean: round(values.reduce((s, v) => s + v, 0) / values.length),
    p95: round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!),
  };
}
