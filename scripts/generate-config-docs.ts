/**
 * Writes docs/configuration.md from server/settings.ts.
 *   npm run config:docs               rewrite it
 *   npm run config:docs -- --check    exit 1 when the committed file is stale (CI)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { renderConfigurationDoc } from '../server/settings-table.js';

const OUTPUT = 'docs/configuration.md';

const text = renderConfigurationDoc();
if (!process.argv.includes('--check')) {
  await writeFile(OUTPUT, text);
  process.stdout.write(`wrote ${OUTPUT}\n`);
} else if ((await readFile(OUTPUT, 'utf8').catch(() => undefined)) !== text) {
  process.stderr.write(`${OUTPUT} is stale (it does not match server/settings.ts): run \`npm run config:docs\`.\n`);
  process.exitCode = 1;
}
