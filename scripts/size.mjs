// Client bundle sizes, measured on what users import: the built entries in dist/ (run
// `npm run build:lib` and `npm run build:bundle` first; `npm run size` does both), bundled as
// an app's bundler would, minified and gzipped.
//
// The budget row (issue 3: "core + all three transports <= 6 KB min+gzip (socket.io-client is
// 14.4 KB), with each transport tree-shakable"), measured as socket.io-client is: the transport
// layer, i.e. the shared connection (reconnect state machine, full-jitter backoff, Retry-After
// and SSE retry, liveness, ladder with background upgrade, auth, page events) with all three
// transports plugged in, the client-side frame checks and the contract pieces they use. At most
// 6 KB; over it, exit 1.
//
// Then the entries users import:
// - `run-progress-kit/feed` with `watchRun` (the default ladder): what a page that renders runs
//   itself ships (transport layer, run feed, snapshot fold; no Lit). `--max-kb N` makes it exit
//   1 over N KB, so the feed cannot grow unnoticed either;
// - `run-progress-kit` (the elements: both tags, Lit, the feed);
// - `run-progress-kit/react` (the wrappers and hooks; React itself left out, the app has it);
// - the self-contained bundle `dist/run-progress-kit.js` as shipped (already minified).
// Adapters load only when used (a dynamic import, printed alone).
//
// Measured with esbuild, bundle + minify, ES2022, browser, gzip level 9; what is imported
// dynamically is left out (see page-bundle.mjs). Also printed: the feed and the bare connection
// with each transport alone, to show that a page passing one transport to `runClientWith` or
// `Connection` leaves the other two out of its bundle.
//
// Usage: node scripts/size.mjs [--max-kb N] [--detail]
//   exits 1 when the transport layer is over 6 KB, or the feed entry's watchRun over N KB;
//   --detail lists both rows' minified bytes per module, largest first.
import console from 'node:console';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import process from 'node:process';
import { gzipSync } from 'node:zlib';
import { bundlePage } from './page-bundle.mjs';

const args = process.argv.slice(2);
const BUDGET = 6 * 1024;
/** The value of `--name N` in KB, as bytes; `undefined` without the flag. */
const kbFlag = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]) * 1024;
  if (!(value > 0)) throw new RangeError(`${name} needs a number of KB`);
  return value;
};
const CEILING = kbFlag('--max-kb');
const root = process.cwd();
const built = resolve(root, 'dist/src');
if (!existsSync(resolve(built, 'index.js'))) {
  console.error('no build in dist/: run `npm run build:lib && npm run build:bundle` (npm run size does)');
  process.exit(2);
}
const src = (path) => JSON.stringify(resolve(built, path.replace(/\.ts$/, '.js')));

/** Bundles `contents` as a page would load it (see page-bundle.mjs) and measures it. */
async function measure(label, contents, external = []) {
  const { code, inputs } = await bundlePage(contents, root, external);
  const modules = Object.entries(inputs)
    .map(([path, input]) => [path, input.bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
  return { label, min: code.length, gzip: gzipSync(code, { level: 9 }).length, modules };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const layer = await measure(
  'transport layer: connection + all three transports (budget)',
  `export { Connection } from ${src('transports/connection.ts')}; export { webSocketTransport } from ${src('transports/websocket.ts')}; export { sseTransport } from ${src('transports/sse.ts')}; export { pollingTransport } from ${src('transports/polling.ts')};`,
);
const core = await measure(
  'run-progress-kit/feed: watchRun, default ladder',
  `export { watchRun } from ${src('feed/index.ts')};`,
);
const rows = [
  layer,
  core,
  await measure('run-progress-kit: the elements entry, every export', `export * from ${src('index.ts')};`),
  await measure('run-progress-kit/react: every export (React external)', `export * from ${src('react/index.ts')};`, [
    'react',
    'react-dom',
  ]),
  await measure(
    'feed + transports barrels, every export',
    `export * from ${src('feed/index.ts')}; export * from ${src('transports/index.ts')};`,
  ),
  await measure(
    'feed with websocket alone',
    `export { runClientWith } from ${src('feed/index.ts')}; export { webSocketTransport } from ${src('transports/websocket.ts')};`,
  ),
  await measure(
    'feed with sse alone',
    `export { runClientWith } from ${src('feed/index.ts')}; export { sseTransport } from ${src('transports/sse.ts')};`,
  ),
  await measure(
    'feed with polling alone',
    `export { runClientWith } from ${src('feed/index.ts')}; export { pollingTransport } from ${src('transports/polling.ts')};`,
  ),
  await measure('connection only (no transport)', `export { Connection } from ${src('transports/connection.ts')};`),
  await measure(
    'connection + websocket alone',
    `export { Connection } from ${src('transports/connection.ts')}; export { webSocketTransport } from ${src('transports/websocket.ts')};`,
  ),
  await measure(
    'connection + sse alone',
    `export { Connection } from ${src('transports/connection.ts')}; export { sseTransport } from ${src('transports/sse.ts')};`,
  ),
  await measure(
    'connection + polling alone',
    `export { Connection } from ${src('transports/connection.ts')}; export { pollingTransport } from ${src('transports/polling.ts')};`,
  ),
];
const bundle = readFileSync(resolve(root, 'dist/run-progress-kit.js'));
rows.push({
  label: 'run-progress-kit/bundle: dist/run-progress-kit.js as shipped',
  min: bundle.length,
  gzip: gzipSync(bundle, { level: 9 }).length,
  modules: [],
});
rows.push(
  await measure(
    'adapters, on demand (alone, with what they share)',
    `export { bindAdapter } from ${src('adapters/bind.ts')};`,
  ),
);
for (const r of rows)
  console.log(`${r.label.padEnd(60)} ${kb(r.min).padStart(10)} min  ${kb(r.gzip).padStart(9)} min+gzip`);
if (args.includes('--detail')) {
  for (const r of [layer, core]) {
    console.log(`\n${r.label}, minified bytes per module:`);
    for (const [path, bytes] of r.modules) console.log(`${String(bytes).padStart(8)}  ${path}`);
  }
}
let failed = false;
if (layer.gzip <= BUDGET) {
  console.log(`within budget: the transport layer is ${kb(layer.gzip)} <= ${kb(BUDGET)} min+gzip`);
} else {
  console.error(`over budget: the transport layer is ${kb(layer.gzip)} > ${kb(BUDGET)} min+gzip`);
  failed = true;
}
if (CEILING !== undefined) {
  if (core.gzip > CEILING) {
    console.error(
      `over the --max-kb ceiling: run-progress-kit/feed's watchRun is ${kb(core.gzip)} > ${kb(CEILING)} min+gzip`,
    );
    failed = true;
  } else
    console.log(
      `within the --max-kb ceiling: run-progress-kit/feed's watchRun is ${kb(core.gzip)} <= ${kb(CEILING)} min+gzip`,
    );
}
if (failed) process.exit(1);
