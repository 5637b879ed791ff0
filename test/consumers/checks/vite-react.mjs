// A React 19 app on Vite (create-vite react-ts) in StrictMode with RunProgress, RunLogTail and
// useRun on one run: live, and one WebSocket for the whole page.
import { checkBuiltViteApp, prepareViteApp } from './vite-app.mjs';

export const name = 'vite + react 19 (create-vite react-ts), StrictMode: wrappers and useRun live on one connection';

export const prepare = (ctx) => prepareViteApp(ctx, 'vite-react', 'react-ts');

export const verify = (ctx, dir) =>
  checkBuiltViteApp(ctx, dir, 'consumer-react', async (page, { openSockets }) => {
    await page.getByTestId('summary').getByText('running at 60%').waitFor({ timeout: 10_000 });
    if (openSockets !== 1) throw new Error(`${openSockets} WebSockets open for one run on the page (want 1)`);
  });
