// A Node backend team: the server and conformance packages installed into a plain ESM
// project (better-sqlite3 builds there, as it does for every user), the server mounted
// programmatically into node:http and into Express, started through its `bin`, and the
// conformance `bin` run against it. The mounted server is the backend of the browser apps.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { join } from 'node:path';
import { appFolder, npm, sh, start } from '../harness.mjs';

export const name = 'node: server mounted into node:http and Express, its bin, the conformance bin passes';

export async function prepare(ctx) {
  const dir = await appFolder(ctx.work, 'node');
  await npm(dir, ['init', '-y']);
  await npm(dir, ['pkg', 'set', 'type=module']);
  await npm(dir, ['install', ctx.tarballs.server, ctx.tarballs.conformance, 'express@^5']);
  return dir;
}

export async function verify(ctx, dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules/@run-progress-kit/server/package.json'), 'utf8'));
  if (pkg.dependencies.typescript || pkg.dependencies.tsx)
    throw new Error('the server package needs a TypeScript loader');
  // Programmatic: store factory + createRunServer + handle/attach in the app's own server.
  const mounted = await start(dir, process.execPath, ['server.mjs'], /mounted on (http:\/\/\S+\/api)/);
  ctx.cleanups.push(mounted.stop);
  const api = mounted.match[1];
  const root = await fetch(api.replace(/\/api$/, '/'));
  if ((await root.text()) !== 'the app itself') throw new Error('requests outside /api did not reach the app');
  await conformance(dir, api);
  // Express, with its own JSON parser registered after the run server.
  const viaExpress = await start(dir, process.execPath, ['express.mjs'], /express on (http:\/\/\S+\/api)/);
  try {
    const created = await fetch(`${viaExpress.match[1]}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'through-express' }),
    });
    if (created.status !== 201) throw new Error(`POST /runs through Express: ${created.status}`);
    const home = await fetch(viaExpress.match[1].replace(/\/api$/, '/'));
    if ((await home.text()) !== 'the express app') throw new Error('Express routes after the run server broke');
  } finally {
    await viaExpress.stop();
  }
  // The bin, as `npx run-progress-server` runs it.
  const bin = await start(
    dir,
    join(dir, 'node_modules/.bin/run-progress-server'),
    ['--port', '0', '--store', join(dir, 'runs.db'), '--heartbeat-ms', '1000'],
    /listening on (http:\/\/\S+\/api)/,
  );
  try {
    await conformance(dir, bin.match[1]);
  } finally {
    await bin.stop();
  }
  ctx.api = api;
}

async function conformance(dir, api) {
  const out = await sh(
    dir,
    join(dir, 'node_modules/.bin/run-progress-conformance'),
    [api, '--heartbeat-timeout-ms', '5000'],
    {
      timeoutMs: 300_000,
    },
  );
  const summary = /(\d+) passed, (\d+) failed/.exec(out);
  if (!summary || summary[2] !== '0' || Number(summary[1]) < 40)
    throw new Error(`conformance against ${api}:\n${out.slice(-2000)}`);
}
