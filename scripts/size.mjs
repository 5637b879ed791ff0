// Bundle-size budget of the client (issue 3: "core + all three transports <= 6 KB
// min+gzip (socket.io-client is 14.4 KB), with each transport tree-shakable").
//
// The budget row, as socket.io-client is measured: the transport layer, i.e. the shared
// connection (reconnect state machine, full-jitter backoff, Retry-After and SSE retry,
// liveness, ladder with background upgrade, auth, page events) with all three transports
// plugged in (WebSocket, SSE over fetch with eventsource-parser, polling), the
// client-side frame checks and the contract pieces they use. At most 6 KB; over it, exit 1.
//
// Also printed, with a ceiling of its own: what a page ships when it follows runs the way
// the elements do, `watchRun` (and `createRunClient` behind it) with the default ladder:
// the transport layer plus the run feed (snapshot first, tail, dedupe, gap fill over
// REST, bounded log window, observable state) and the snapshot fold. `--max-kb N` makes
// it exit 1 when that row is over N KB, so the feed cannot grow unnoticed either.
//
// Not in either, and loaded only when used: adapters for backends that do not speak the
// contract (`adapter` option; a separate chunk through a dynamic import, printed below).
// The strict valibot schemas stay on the producer/server side; the client checks what it
// relies on with small hand-written guards (src/transports/wire.ts).
//
// Measured as a bundler builds an app: esbuild, bundle + minify, ES2022, browser, gzip
// level 9; what is imported dynamically is left out (see `measure`). Also prints the feed
// and the bare connection with each transport alone, to show that a page passing one
// transport to `runClientWith` or `Connection` leaves the other two out of its bundle.
//
// Usage: node scripts/size.mjs [--max-kb N] [--detail]
//   exits 1 when the transport layer is over 6 KB, or watchRun over N KB (--max-kb);
//   --detail lists both rows' minified bytes per module, largest first.
import console from 'node:console';
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
const src = (path) => JSON.stringify(resolve(root, 'src', path));

/** Bundles `contents` as a page would load it (see page-bundle.mjs) and measures it. */
async function measure(label, contents) {
  const { code, inputs } = await bundlePage(contents, root);
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
  'watchRun, default ladder (feed + transport layer)',
  `export { watchRun, createRunClient } from ${src('feed/index.ts')};`,
);
const rows = [
  layer,
  core,
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
    console.error(`over the --max-kb ceiling: watchRun is ${kb(core.gzip)} > ${kb(CEILING)} min+gzip`);
    failed = true;
  } else console.log(`within the --max-kb ceiling: watchRun is ${kb(core.gzip)} <= ${kb(CEILING)} min+gzip`);
}
if (failed) process.exit(1);
