// A dashboard on Vite + TypeScript, made by create-vite with its default (strict, erasable
// syntax only) tsconfig: `tsc` must be clean, `vite build` must succeed, the built page live.
import { checkBuiltViteApp, prepareViteApp } from './vite-app.mjs';

export const name = 'vite + typescript (create-vite vanilla-ts): tsc clean, vite build, a live run';

export const prepare = (ctx) => prepareViteApp(ctx, 'vite-ts', 'vanilla-ts');

export const verify = (ctx, dir) =>
  checkBuiltViteApp(ctx, dir, 'consumer-vite-ts', async (page) => {
    // The feed entry, used beside the tags, follows the same run.
    await page.waitForFunction(() => document.title.startsWith('running'), null, { timeout: 10_000 });
  });
