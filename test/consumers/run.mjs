// The consumer test (`npm run test:consumers`): packs every package, installs the tarballs
// into fresh scratch apps outside this repository (dependencies from the npm registry, no
// path into this repo) and checks each app as its users would, in headless Chromium,
// against a reference backend started from the installed server package.
//   CONSUMERS=vite-ts,next npm run test:consumers   only those apps (the node app always runs:
//                                                   it is the backend)
//   KEEP=1                                          leave the scratch folder for a look
//   PACKS=DIR                                       use the tarballs already in DIR (no build)
// Prints one line per app and a closing `N passed, N failed`; exits 1 when any failed.
import console from 'node:console';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { checkLivePage, launchBrowser, packAll, Producer } from './harness.mjs';
import * as nodeServer from './checks/node-server.mjs';
import * as viteTs from './checks/vite-ts.mjs';
import * as viteReact from './checks/vite-react.mjs';
import * as next from './checks/next.mjs';
import * as vitestMocks from './checks/vitest-mocks.mjs';
import * as plainHtml from './checks/plain-html.mjs';
import * as types from './checks/types.mjs';

const apps = {
  'vite-ts': viteTs,
  'vite-react': viteReact,
  next,
  'vitest-mocks': vitestMocks,
  'plain-html': plainHtml,
  types,
};
const only = process.env.CONSUMERS?.split(',').map((s) => s.trim());
const chosen = Object.entries(apps).filter(([key]) => !only || only.includes(key));

const work = mkdtempSync(join(tmpdir(), 'rpk-consumers-'));
const ctx = {
  work,
  tarballs: {},
  cleanups: [],
  figures: [],
  api: undefined,
  producer: undefined,
  checkLivePage: undefined,
};
const results = [];
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(0)} s`;
const record = (name, since, error) => {
  results.push({ name, error });
  console.log(`${error ? '✗' : '✓'} ${name} (${seconds(since)})${error ? `\n${indent(error)}` : ''}`);
};
const indent = (error) =>
  String(error?.stack ?? error)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');

/** The tarballs of a folder `npm pack` wrote into, by package. */
function packed(dir) {
  const find = (re) =>
    join(
      dir,
      readdirSync(dir).find((f) => re.test(f)),
    );
  return {
    kit: find(/^run-progress-kit-\d/),
    server: find(/^run-progress-kit-server-/),
    conformance: find(/^run-progress-kit-conformance-/),
  };
}

let browser;
try {
  const packing = performance.now();
  ctx.tarballs = process.env.PACKS ? packed(process.env.PACKS) : await packAll(join(work, 'packs'));
  console.log(
    `packed ${Object.values(ctx.tarballs)
      .map((t) => t.split('/').pop())
      .join(', ')} (${seconds(packing)})`,
  );
  // Installs and builds run two at a time (they wait on the registry and one core each);
  // the browser checks run one at a time afterwards.
  const prepared = new Map();
  const queue = [['node', nodeServer], ...chosen];
  const prepare = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const [key, app] = item;
      const since = performance.now();
      try {
        prepared.set(key, { dir: await app.prepare(ctx), since });
      } catch (error) {
        prepared.set(key, { error, since });
      }
    }
  };
  await Promise.all([prepare(), prepare()]);
  browser = await launchBrowser();
  ctx.checkLivePage = (url, options) => checkLivePage(browser, url, { producer: ctx.producer, ...options });
  for (const [key, app] of [['node', nodeServer], ...chosen]) {
    const { dir, error, since } = prepared.get(key);
    if (error) {
      record(app.name, since, error);
      continue;
    }
    if (key !== 'node' && !ctx.api) {
      record(app.name, since, new Error('skipped: no backend (the node app failed)'));
      continue;
    }
    try {
      await app.verify(ctx, dir);
      if (key === 'node') ctx.producer = new Producer(ctx.api);
      record(app.name, since);
    } catch (error) {
      record(app.name, since, error);
    }
  }
} catch (error) {
  record('packing the packages', performance.now(), error);
} finally {
  await browser?.close();
  for (const cleanup of ctx.cleanups.reverse()) await cleanup();
  if (process.env.KEEP) console.log(`scratch apps kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
for (const figure of ctx.figures) console.log(figure);
const failed = results.filter((r) => r.error).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
