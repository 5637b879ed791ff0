/**
 * Headless Chromium for the element benchmarks: bundles a page from bench/browser/ with
 * esbuild and serves it from a loopback static server (the API is on another origin, CORS on).
 * @module
 */
import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../test/setup/chromium.js';
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
