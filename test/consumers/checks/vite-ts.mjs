// A dashboard on Vite + TypeScript, made by create-vite with its default (strict, erasable
// syntax only) tsconfig: `tsc` must be clean, `vite build` must succeed, the built page live.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, npm, start, templates } from '../harness.mjs';

export const name = 'vite + typescript (create-vite vanilla-ts): tsc clean, vite build, a live run';

export async function prepare(ctx) {
  await npm(ctx.work, [
    'exec',
    '--yes',
    'create-vite@9',
    '--',
    'vite-ts',
    '--template',
    'vanilla-ts',
    '--no-interactive',
  ]);
  const dir = join(ctx.work, 'vite-ts');
  await cp(join(templates, 'vite-ts'), dir, { recursive: true });
  await npm(dir, ['install']);
  await npm(dir, ['install', ctx.tarballs.kit]);
  // create-vite's own build script: `tsc && vite build`.
  await npm(dir, ['run', 'build']);
  return dir;
}

export async function verify(ctx, dir) {
  const port = String(await freePort());
  const preview = await start(
    dir,
    'npx',
    ['vite', 'preview', '--port', port, '--strictPort', '--host', '127.0.0.1'],
    /(http:\/\/127\.0\.0\.1:\d+)/,
  );
  try {
    const runId = 'consumer-vite-ts';
    await ctx.producer.startRun(runId);
    const { page } = await ctx.checkLivePage(`${preview.match[1]}/?api=${encodeURIComponent(ctx.api)}&run=${runId}`, {
      runId,
    });
    await page.waitForFunction(() => document.title.startsWith('running'), null, { timeout: 10_000 });
    await page.close();
  } finally {
    await preview.stop();
  }
}
