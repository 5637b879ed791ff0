// Next.js App Router: `next build` + `next start`; the wrappers imported by a Server
// Component page and by a Client Component render without an SSR error and come alive after
// hydration.
import { appFolder, freePort, npm, start } from '../harness.mjs';

export const name = 'next.js 16 app router: next build + next start, server and client component pages live';

export async function prepare(ctx) {
  const dir = await appFolder(ctx.work, 'next');
  await npm(dir, ['init', '-y']);
  // As create-next-app leaves it: no "type" (npm init writes "commonjs", which Next rejects for ESM pages).
  await npm(dir, ['pkg', 'delete', 'type']);
  await npm(dir, ['install', 'next@^16', 'react@^19', 'react-dom@^19', ctx.tarballs.kit]);
  await npm(dir, ['install', '--save-dev', 'typescript@~5.9', '@types/react@^19', '@types/node@^20']);
  await npm(dir, ['exec', '--', 'next', 'build'], { env: { NEXT_TELEMETRY_DISABLED: '1' } });
  return dir;
}

export async function verify(ctx, dir) {
  const port = String(await freePort());
  const server = await start(
    dir,
    'npx',
    ['next', 'start', '--port', port, '--hostname', '127.0.0.1'],
    /Ready in|✓ Ready/,
    {
      env: { NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  try {
    for (const [path, runId] of [
      ['/', 'consumer-next-server'],
      ['/client', 'consumer-next-client'],
    ]) {
      await ctx.producer.startRun(runId);
      const url = `http://127.0.0.1:${port}${path}?api=${encodeURIComponent(ctx.api)}&run=${runId}`;
      const html = await (await fetch(url)).text();
      if (!html.includes('<run-progress')) throw new Error(`${path}: the server HTML has no <run-progress>`);
      const { page } = await ctx.checkLivePage(url, { runId });
      if (path === '/client')
        await page
          .getByText('event says: running')
          .waitFor({ timeout: 10_000 })
          .catch(() => {});
      await page
        .getByText('hook says: running')
        .or(page.getByText(`Run ${runId}`))
        .first()
        .waitFor({ timeout: 10_000 });
      await page.close();
    }
  } finally {
    await server.stop();
  }
}
