// What a page loads with an entry, bundled as an app would bundle it: the entry and its
// static imports, tree-shaken and minified. Dynamic imports (the adapters) stay out, as every
// bundler puts them in a chunk of their own that loads only when used. (esbuild's own code
// splitting is not used: it puts modules the lazy chunk needs into the shared chunk the entry
// loads, e.g. eventsource-parser for a page without SSE.) Shared by scripts/size.mjs and
// test/feed/bundle-contents.test.ts.
import { build } from 'esbuild';

/**
 * Bundles `contents` (TypeScript, resolved from `root`), leaving the `external` packages out;
 * resolves with the code and the metafile.
 */
export async function bundlePage(contents, root, external = []) {
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: 'entry.ts', loader: 'ts' },
    plugins: [
      {
        name: 'lazy',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) =>
            args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
    absWorkingDir: root,
    external,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const output = Object.values(result.metafile.outputs)[0];
  return { code: result.outputFiles[0].contents, inputs: output?.inputs ?? {} };
}
