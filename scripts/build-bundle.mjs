// The no-bundler build: src/index.ts with Lit and everything else included, minified, as
// one ES module (dist/run-progress-kit.js) that a page loads with
// <script type="module" src=".../run-progress-kit.js"> to define both elements.
// Prints its size and fails above the budget (min+gzip), so growth is a decision.
// Usage: node scripts/build-bundle.mjs [--outdir DIR]
import { build } from 'esbuild';
import console from 'node:console';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// Lit is about 6 KB of it; the log tail (virtual scrolling, ANSI, search) and the progress
// element the rest (48 KB gzipped in Nov 2026). Raise it only as a decision: 60 KB in Dec 2026
// for what issue 15 asked of the elements: readable log colours (WCAG contrast per span), one
// voice per run, the folding toolbar with its Times and Full screen toggles, folded checklists
// and collapse-finished: 55.8 → 56.3 → 57.0 → 57.8 → 58.0 KB.
const BUDGET_GZIP = 60 * 1024;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag > 0 ? resolve(process.argv[outdirFlag + 1]) : join(root, 'dist');
const outfile = join(outdir, 'run-progress-kit.js');

const started = performance.now();
const result = await build({
  entryPoints: [join(root, 'src/index.ts')],
  absWorkingDir: root,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  // esbuild reads experimentalDecorators/useDefineForClassFields from tsconfig.json.
  tsconfig: join(root, 'tsconfig.json'),
  // Lit's production build (no dev-mode warnings), as a bundler would pick for a browser.
  conditions: ['browser', 'production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'eof',
  sourcemap: 'linked',
  write: false,
  logLevel: 'warning',
  outfile,
});
mkdirSync(outdir, { recursive: true });
let code;
for (const file of result.outputFiles) {
  writeFileSync(file.path, file.contents);
  if (file.path === outfile) code = file.contents;
}
const gzip = gzipSync(code, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `${outfile}: ${kb(code.length)} minified, ${kb(gzip)} min+gzip (budget ${kb(BUDGET_GZIP)}), ` +
    `built in ${Math.round(performance.now() - started)} ms`,
);
if (gzip > BUDGET_GZIP) {
  console.error(`over budget by ${kb(gzip - BUDGET_GZIP)}`);
  process.exit(1);
}
