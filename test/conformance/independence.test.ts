import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const allowedPackages = new Set(['valibot', 'eventsource-parser', 'ws']);

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

describe('the conformance suite', () => {
  it('imports only the contract, Node built-ins and its three libraries, so it judges every backend alike', async () => {
    const offending: string[] = [];
    for (const file of await sources(join(root, 'conformance'))) {
      const text = await readFile(file, 'utf8');
      for (const [, spec] of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
        const target = spec as string;
        const ok = target.startsWith('node:')
          ? true
          : target.startsWith('.')
            ? relative(root, join(file, '..', target)).match(/^(conformance|src[/\\]contract)[/\\]/) !== null
            : allowedPackages.has(target);
        if (!ok) offending.push(`${relative(root, file)} imports ${target}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
