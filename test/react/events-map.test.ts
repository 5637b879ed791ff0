import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLogTailEvents, runProgressEvents } from '../../src/react/events.js';

// The wrappers' callbacks are listed by hand (createComponent needs them), the elements'
// events come from their JSDoc: check every event in the generated custom-elements
// manifest has exactly one callback, named the React way, so the two cannot drift.
const root = join(import.meta.dirname, '../..');
const outdir = 'node_modules/.cache/manifest-react-test';

function manifestEvents(): Map<string, string[]> {
  const cli = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
  execFileSync(
    process.execPath,
    [cli, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', outdir],
    { cwd: root, stdio: 'pipe' },
  );
  const manifest = JSON.parse(readFileSync(join(root, outdir, 'custom-elements.json'), 'utf8')) as {
    modules: Array<{ declarations?: Array<{ tagName?: string; events?: Array<{ name: string }> }> }>;
  };
  const byTag = new Map<string, string[]>();
  for (const declaration of manifest.modules.flatMap((m) => m.declarations ?? [])) {
    if (declaration.tagName)
      byTag.set(
        declaration.tagName,
        (declaration.events ?? []).map((e) => e.name),
      );
  }
  return byTag;
}

const callbackName = (event: string) =>
  'on' + event.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());

describe('React wrappers cover every event of their element', () => {
  const events = manifestEvents();

  it.each([
    ['run-progress', runProgressEvents],
    ['run-log-tail', runLogTailEvents],
  ] as const)('<%s>: one callback per manifest event, named on<EventName>', (tag, map) => {
    const listed = events.get(tag);
    expect(listed, `${tag} is missing from the manifest`).toBeDefined();
    expect(listed!.length).toBeGreaterThan(0);
    const expected = Object.fromEntries(listed!.map((name) => [callbackName(name), name]));
    expect({ ...map }).toEqual(expected);
  });
});
