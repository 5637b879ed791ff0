/**
 * What a page's bundle holds when it uses the feed: a page ships only the transports it
 * passes, never valibot or the contract's strict schemas, and the adapters only on demand.
 * Bundled as an app would be, by the same scripts/page-bundle.mjs that scripts/size.mjs measures with.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlePage } from '../../scripts/page-bundle.mjs';

const root = resolve(import.meta.dirname, '../..');
const src = (path: string) => JSON.stringify(resolve(root, 'src', path));

/** The modules (paths relative to the repository) an entry pulls in eagerly, tree-shaken. */
async function eagerModules(contents: string): Promise<string[]> {
  const { inputs } = await bundlePage(contents, root);
  return Object.entries(inputs)
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
