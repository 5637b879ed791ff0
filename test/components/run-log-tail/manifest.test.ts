import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The manifest feeds docs and React wrappers: check it says what <run-log-tail> offers.
const root = join(import.meta.dirname, '../../..');
const outdir = 'node_modules/.cache/manifest-test-run-log-tail';

interface Declaration {
  tagName?: string;
  attributes?: Array<{ name: string }>;
  events?: Array<{ name: string; type?: { text: string } }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
}

function generate(): Declaration {
  const cli = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
  execFileSync(
    process.execPath,
    [cli, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', outdir],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  const manifest = JSON.parse(readFileSync(join(root, outdir, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Declaration[] }>;
  };
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'run-log-tail');
  if (!found) throw new Error('run-log-tail is not in the manifest');
  return found;
}

afterAll(() => rmSync(join(root, outdir), { recursive: true, force: true }));

describe('<run-log-tail> in custom-elements.json', () => {
  it('lists its attributes, its typed event, parts and custom properties', () => {
    const d = generate();
    expect(d.attributes?.map((a) => a.name)).toEqual(
      expect.arrayContaining([
        'base-url',
        'run-id',
        'wrap',
        'line-numbers',
        'timestamps',
        'theme',
        'labels',
        'search-text',
        'filter-text',
      ]),
    );
    expect(d.events).toEqual([
      expect.objectContaining({ name: 'run-log-line-link', type: { text: 'RunLogLineLinkEvent' } }),
    ]);
    expect(d.cssParts?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['scroller', 'line', 'line-number', 'group-header', 'jump']),
    );
    expect(d.cssProperties?.map((p) => p.name)).toEqual(expect.arrayContaining(['--run-log-height', '--run-log-bg']));
  });
});
