/**
 * What a page's bundle holds when it uses the feed: a page ships only the transports it
 * passes, never valibot or the contract's strict schemas, and the adapters only on demand.
 * Bundled with esbuild as an app would be (scripts/size.mjs measures the same entries).
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const src = (path: string) => JSON.stringify(resolve(root, 'src', path));

/** The modules (paths relative to the repository) an entry pulls in eagerly, tree-shaken. */
async function eagerModules(contents: string): Promise<string[]> {
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
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const output = Object.values(result.metafile.outputs)[0];
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

const has = (modules: string[], part: string) => modules.some((m) => m.includes(part));

describe('a page bundle', () => {
  it('with watchRun holds the three transports, and neither valibot, the strict schemas nor the adapters', async () => {
    const modules = await eagerModules(`export { watchRun } from ${src('feed/index.ts')};`);
    for (const part of ['transports/websocket.ts', 'transports/sse.ts', 'transports/polling.ts', 'eventsource-parser'])
      expect(has(modules, part), part).toBe(true);
    for (const part of ['valibot', 'contract/schemas.ts', 'adapters/run-model.ts', 'adapters/binding.ts'])
      expect(has(modules, part), part).toBe(false);
  });

  it.each([
    ['webSocketTransport', 'websocket.ts', ['sse.ts', 'polling.ts', 'eventsource-parser']],
    ['sseTransport', 'sse.ts', ['websocket.ts', 'polling.ts']],
    ['pollingTransport', 'polling.ts', ['websocket.ts', 'sse.ts', 'eventsource-parser']],
  ])('with runClientWith and %s leaves the other transports out', async (factory, kept, dropped) => {
    const modules = await eagerModules(
      `export { runClientWith } from ${src('feed/index.ts')}; export { ${factory} } from ${src('transports/index.ts')};`,
    );
    expect(has(modules, `transports/${kept}`)).toBe(true);
    for (const part of dropped) expect(has(modules, part), part).toBe(false);
  });
});
