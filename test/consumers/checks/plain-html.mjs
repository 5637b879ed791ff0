// A plain HTML page without a bundler loading the self-contained bundle from the installed
// package's folder. The install is the browser package alone: its size, time and package
// count are the figures of a browser-only install, and it must bring no native module.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appFolder, filesEndingWith, npm, serveStatic } from '../harness.mjs';

export const name = 'plain html page: the bundle from node_modules, live; a browser-only install has no native code';

export async function prepare(ctx) {
  const dir = await appFolder(ctx.work, 'plain-html');
  await npm(dir, ['init', '-y']);
  const started = performance.now();
  await npm(dir, ['install', ctx.tarballs.kit]);
  const seconds = (performance.now() - started) / 1000;
  const packages = (await npm(dir, ['ls', '--all', '--parseable'])).trim().split('\n').length - 1;
  const sizeMb = Number(
    (await import('node:child_process'))
      .execFileSync('du', ['-sm', join(dir, 'node_modules')])
      .toString()
      .split('\t')[0],
  );
  ctx.figures.push(`browser-only install: ${packages} packages, ${sizeMb} MB, ${seconds.toFixed(1)} s`);
  for (const forbidden of ['better-sqlite3', 'ioredis', 'ws', 'node-gyp', 'prebuild-install'])
    if (existsSync(join(dir, 'node_modules', forbidden)))
      throw new Error(`a browser-only install brought ${forbidden}`);
  const native = filesEndingWith(join(dir, 'node_modules'), '.node');
  if (native.length > 0) throw new Error(`a browser-only install brought native modules: ${native.join(', ')}`);
  return dir;
}

export async function verify(ctx, dir) {
  const site = await serveStatic(dir);
  try {
    const runId = 'consumer-plain-html';
    await ctx.producer.startRun(runId);
    const { page } = await ctx.checkLivePage(`${site.url}/index.html?api=${encodeURIComponent(ctx.api)}&run=${runId}`, {
      runId,
    });
    await page.close();
  } finally {
    await site.close();
  }
}
