/**
 * The custom-elements manifest as the docs and React wrappers get it: generated from the
 * elements' JSDoc and decorators by the project's own config, never committed, so the
 * manifest tests check what it says about each element and the React wrappers follow it.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../..');

/** What the tests read of one element's declaration. */
export interface Declaration {
  tagName?: string;
  attributes?: Array<{ name: string; default?: string; type?: { text: string } }>;
  events?: Array<{ name: string; type?: { text: string } }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string; default?: string }>;
  members?: Array<{ name: string; privacy?: string; kind: string; type?: { text: string } }>;
}

/** Generates the manifest into a scratch folder and returns every declaration in it. */
export function manifestDeclarations(): Declaration[] {
  const cli = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
  const outdir = mkdtempSync(join(root, 'node_modules/.cache/manifest-test-'));
  try {
    execFileSync(
      process.execPath,
      // The analyzer takes --outdir relative to its working directory.
      [cli, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(root, outdir)],
      { cwd: root, stdio: 'pipe' },
    );
    const manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8')) as {
      modules: Array<{ declarations?: Declaration[] }>;
    };
    return manifest.modules.flatMap((m) => m.declarations ?? []);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The declaration of the element `tagName` in a freshly generated manifest. */
export function manifestDeclaration(tagName: string): Declaration {
  const found = manifestDeclarations().find((d) => d.tagName === tagName);
  if (!found) throw new Error(`${tagName} is missing from the manifest`);
  return found;
}

/** The text of a project file (to compare the manifest with the source it documents). */
export function projectFile(path: string): string {
  return readFileSync(join(root, path), 'utf8');
}
