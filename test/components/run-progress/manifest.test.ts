import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The manifest is generated from the element's JSDoc and decorators, never committed, and
// feeds docs and React wrappers: check it says what the element really offers.
const root = join(import.meta.dirname, '../../..');
const outdir = 'node_modules/.cache/manifest-test';

interface Declaration {
  tagName?: string;
  attributes?: Array<{ name: string; default?: string }>;
  events?: Array<{ name: string; type?: { text: string } }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string; default?: string }>;
  members?: Array<{ name: string; privacy?: string; kind: string }>;
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
  const found = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'run-progress');
  if (!found) throw new Error('run-progress is missing from the manifest');
  return found;
}

describe('custom-elements.json for <run-progress>', () => {
  const element = generate();

  it('lists the attributes with their defaults', () => {
    expect(element.attributes?.map((a) => a.name).sort()).toEqual(
      ['adapter', 'announce', 'base-url', 'labels', 'layout', 'run-id', 'stall-after', 'theme'].sort(),
    );
    expect(element.attributes?.find((a) => a.name === 'stall-after')?.default).toBe('60');
  });

  it('lists the events with their classes', () => {
    expect(element.events?.map((e) => [e.name, e.type?.text])).toEqual([
      ['run-status-change', 'RunStatusChangeEvent'],
      ['run-complete', 'RunCompleteEvent'],
      ['run-error', 'RunErrorEvent'],
    ]);
  });

  it('documents every part and custom property used by the styles and template', () => {
    const source = readFileSync(join(root, 'src/components/run-progress/run-progress.component.ts'), 'utf8');
    const styles = readFileSync(join(root, 'src/components/run-progress/run-progress.styles.ts'), 'utf8');
    // `step-${state}` parts are documented together under `step`.
    const usedParts = new Set(
      [...source.matchAll(/part="([^"$]+)/g)].flatMap((m) => m[1]!.split(' ')).filter((p) => !p.endsWith('-')),
    );
    const documentedParts = new Set(element.cssParts?.map((p) => p.name));
    for (const part of usedParts) expect(documentedParts, part).toContain(part);
    const usedProps = new Set([...styles.matchAll(/var\((--run-[a-z-]+)/g)].map((m) => m[1]));
    const documentedProps = element.cssProperties?.map((p) => p.name) ?? [];
    expect(documentedProps.sort()).toEqual([...usedProps].sort());
  });

  it('exposes the public properties and keeps internals out', () => {
    const pub = element.members?.filter((m) => m.kind === 'field' && !m.privacy).map((m) => m.name);
    expect(pub).toEqual(
      expect.arrayContaining([
        'feed',
        'baseUrl',
        'runId',
        'labels',
        'strings',
        'stallAfter',
        'layout',
        'theme',
        'clock',
      ]),
    );
    expect(pub).not.toContain('announcement');
  });
});
