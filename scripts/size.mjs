// Bundle-size budget of the client core: the feed and transports entry points with
// everything they import (valibot schemas included), minified and gzipped. Also prints
// each transport alone, to show that the ones a page does not use tree-shake away.
// Usage: node scripts/size.mjs   (exit 1 when over budget)
import { build } from 'esbuild';
import console from 'node:console';
import process from 'node:process';
import { gzipSync } from 'node:zlib';

const BUDGET = 6 * 1024;

async function measure(label, contents, external = []) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), sourcefile: `${label}.ts`, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    external,
  });
  const code = result.outputFiles[0].contents;
  return { label, min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const rows = [
  await measure(
    'core + all transports',
    `export * from './src/feed/index.ts'; export * from './src/transports/index.ts';`,
  ),
  await measure('frame schemas alone (valibot + wire.ts)', `export * from './src/transports/wire.ts';`),
  await measure('connection only (no transport)', `export { Connection } from './src/transports/connection.ts';`),
  await measure('websocket transport alone', `export { webSocketTransport } from './src/transports/websocket.ts';`),
  await measure('sse transport alone', `export { sseTransport } from './src/transports/sse.ts';`),
  await measure('polling transport alone', `export { pollingTransport } from './src/transports/polling.ts';`),
];
const withoutValidation = await measure(
  'core + all transports, valibot external',
  `export * from './src/feed/index.ts'; export * from './src/transports/index.ts';`,
  ['valibot'],
);
rows.push(withoutValidation);
for (const r of rows)
  console.log(`${r.label.padEnd(42)} ${kb(r.min).padStart(10)} min  ${kb(r.gzip).padStart(9)} min+gzip`);
const total = rows[0];
if (total.gzip > BUDGET) {
  console.error(`over budget: ${kb(total.gzip)} > ${kb(BUDGET)} min+gzip`);
  process.exit(1);
}
console.log(`within budget: ${kb(total.gzip)} <= ${kb(BUDGET)} min+gzip`);
