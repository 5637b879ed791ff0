// A React 19 app on Vite (create-vite react-ts) in StrictMode with RunProgress, RunLogTail and
// useRun on one run: live, and one WebSocket for the whole page.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, npm, start, templates } from '../harness.mjs';

export const name = 'vite + react 19 (create-vite react-ts), StrictMode: wrappers and useRun live on one connection';

export async function prepare(ctx) {
  await npm(ctx.work, [
    'exec',
    '--yes',
    'create-vite@9',
    '--',
    'vite-react',
    '--template',
    'react-ts',
    '--no-interactive',
  ]);
  const dir = join(ctx.work, 'vite-react');
  await cp(join(templates, 'vite-react'), dir, { recursive: true });
  await npm(dir, ['install']);
  await npm(dir, ['install', ctx.tarballs.kit]);
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
    const runId = 'consumer-react';
    await ctx.producer.startRun(runId);
    const { page, openSockets } = await ctx.checkLivePage(
      `${preview.match[1]}/?api=${encodeURIComponent(ctx.api)}&run=${runId}`,
      { runId },
    );
    await page.getByTestId('summary').getByText('running at 60%').waitFor({ timeout: 10_000 });
    if (openSockets !== 1) throw new Error(`${openSockets} WebSockets open for one run on the page (want 1)`);
    await page.close();
  } finally {
    await preview.stop();
  }
}
