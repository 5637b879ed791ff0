// What both Vite apps do: made by create-vite from one of its templates, our app files laid
// over it, the kit's tarball installed, built with the template's own `npm run build`
// (`tsc -b && vite build` or `tsc && vite build`), then served by `vite preview` and opened.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, npm, start, templates } from '../harness.mjs';

/** Creates `work/name` from create-vite's `template`, installs the kit, builds; resolves with its folder. */
export async function prepareViteApp(ctx, name, template) {
  await npm(ctx.work, ['exec', '--yes', 'create-vite@9', '--', name, '--template', template, '--no-interactive']);
  const dir = join(ctx.work, name);
  await cp(join(templates, name), dir, { recursive: true });
  await npm(dir, ['install']);
  await npm(dir, ['install', ctx.tarballs.kit]);
  await npm(dir, ['run', 'build']);
  return dir;
}

/**
 * Serves the built app with `vite preview`, opens it on a new live run `runId` and checks it
 * (see checkLivePage); `more(page, result)` checks what is particular to the app.
 */
export async function checkBuiltViteApp(ctx, dir, runId, more) {
  const port = String(await freePort());
  const preview = await start(
    dir,
    'npx',
    ['vite', 'preview', '--port', port, '--strictPort', '--host', '127.0.0.1'],
    /(http:\/\/127\.0\.0\.1:\d+)/,
  );
  try {
    await ctx.producer.startRun(runId);
    const url = `${preview.match[1]}/?api=${encodeURIComponent(ctx.api)}&run=${runId}`;
    const result = await ctx.checkLivePage(url, { runId });
    await more(result.page, result);
    await result.page.close();
  } finally {
    await preview.stop();
  }
}
