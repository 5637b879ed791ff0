// Bundle-size budget of the client core (issue 3: "core + all three transports <= 6 KB
// min+gzip, each transport tree-shakable").
//
// "Core" is what a page ships when it follows runs the way the elements do: `watchRun`
// (and `createRunClient` behind it) with the default ladder. That is the run feed
// (snapshot first, tail, dedupe, gap fill over REST, bounded log window, observable
// state), the shared connection (reconnect state machine, full-jitter backoff, liveness,
// ladder with background upgrade, auth, environment events), the three transports
// (WebSocket, SSE over fetch with eventsource-parser, polling), the client-side frame
// and body checks and the contract pieces they use (the snapshot fold, paths). Nothing
// of it is excluded from the budget.
//
// Not in core, and loaded only when used: adapters for backends that do not speak the
// contract (`adapter` option; a separate chunk through a dynamic import, printed below).
// The strict valibot schemas stay on the producer/server side; the client checks what it
// relies on with small hand-written guards (src/transports/wire.ts).
//
// Measured as a bundler builds an app: esbuild, bundle + minify, ES2022, browser,
// code splitting on (so a lazily imported chunk is not counted in the page's entry);
// gzip level 9. Also prints the connection with each transport alone, to show that a
// page passing one transport to `Connection`/`createRunClient` leaves the others out.
// Usage: node scripts/size.mjs   (exit 1 when core is over budget)
import { build } from 'esbuild';
import console from 'node:console';
import { resolve } from 'node:path';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import { gzipSync } from 'node:zlib';

const BUDGET = 6 * 1024;
const root = process.cwd();
const src = (path) => JSON.stringify(resolve(root, 'src', path));

/** Bundles `contents` as an entry; measures what loads with it and what loads on demand. */
async function measure(label, contents) {
  const result = await build({
    entryPoints: ['entry'],
    plugins: [
      {
        name: 'entry',
        setup(b) {
          b.onResolve({ filter: /^entry$/ }, () => ({ path: 'entry', namespace: 'entry' }));
          b.onLoad({ filter: /.*/, namespace: 'entry' }, () => ({ contents, resolveDir: root, loader: 'ts' }));
        },
      },
    ],
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    outdir: 'size-out',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  // The page loads the entry and every chunk it imports statically; the rest is on demand.
  const outputs = result.metafile.outputs;
  const sizes = new Map(
    result.outputFiles.map((f) => [f.path.slice(root.length + 1).replaceAll('\\', '/'), f.contents]),
  );
  const entryPath = Object.keys(outputs).find((p) => outputs[p].entryPoint !== undefined);
  const eager = new Set();
  const visit = (path) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const i of outputs[path].imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entryPath);
  let eagerCode = Buffer.alloc(0);
  let lazyGzip = 0;
  for (const [path, code] of sizes) {
    if (!path.endsWith('.js')) continue;
    if (eager.has(path)) eagerCode = Buffer.concat([eagerCode, code]);
    else lazyGzip += gzipSync(code, { level: 9 }).length;
  }
  // Eager chunks are measured as one file: what the page downloads, gzipped together.
  return { label, min: eagerCode.length, gzip: gzipSync(eagerCode, { level: 9 }).length, lazyGzip };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const core = await measure(
  'core: watchRun, default ladder (budget)',
  `export { watchRun, createRunClient } from ${src('feed/index.ts')};`,
);
const rows = [
  core,
  await measure(
    'feed + transports barrels, every export',
    `export * from ${src('feed/index.ts')}; export * from ${src('transports/index.ts')};`,
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
for (const r of rows) {
  const lazy = r.lazyGzip ? `   + ${kb(r.lazyGzip)} loaded on demand (adapters)` : '';
  console.log(`${r.label.padEnd(42)} ${kb(r.min).padStart(10)} min  ${kb(r.gzip).padStart(9)} min+gzip${lazy}`);
}
if (core.gzip > BUDGET) {
  console.error(`over budget: core is ${kb(core.gzip)} > ${kb(BUDGET)} min+gzip`);
  process.exit(1);
}
console.log(`within budget: core is ${kb(core.gzip)} <= ${kb(BUDGET)} min+gzip`);
