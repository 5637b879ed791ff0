/**
 * Photographs `<run-progress>` in each state of `screenshot-scenes.ts` into `screenshots/`
 * (gitignored), with Debian's Chromium through playwright-core. For looking at, not for
 * asserting: the browser tests assert behaviour.
 *
 *   npx tsx scripts/screenshots.ts [name-filter]
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/setup/chromium.js';
import { scenes } from './screenshot-scenes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'screenshots');
const filter = process.argv[2];

const bundle = await build({
  entryPoints: [join(root, 'scripts/screenshot-page.ts')],
  bundle: true,
  format: 'esm',
  write: false,
  target: 'es2022',
  tsconfig: join(root, 'tsconfig.json'),
});
const script = bundle.outputFiles[0]?.text ?? '';

await mkdir(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 900 }, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.setContent('<!doctype html><html lang="en"><body style="margin:0"></body></html>');
  await page.addScriptTag({ content: script, type: 'module' });
  await page.waitForFunction(() => typeof window.renderScene === 'function');
  for (const scene of scenes) {
    if (filter && !scene.name.includes(filter)) continue;
    await page.emulateMedia({
      forcedColors: scene.media?.forcedColors ?? 'none',
      colorScheme: scene.media?.colorScheme ?? 'light',
    });
    await page.evaluate((s) => window.renderScene(s), scene);
    const file = join(out, `run-progress-${scene.name}.png`);
    await page.locator('#frame').screenshot({ path: file, animations: 'disabled' });
    console.log(file);
  }
} finally {
  await browser.close();
}
