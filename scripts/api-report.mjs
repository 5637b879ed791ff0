// API reports: one `api/<package>[.<entry>].api.md` per public entry of every package,
// written by @microsoft/api-extractor from the built declarations (run `npm run build`
// first). The reports are committed; a change to the public surface shows in review as a
// change to them.
//   node scripts/api-report.mjs           check: exits 1 when a report differs from the
//                                         surface (CI), or an entry names a type it does not export
//   node scripts/api-report.mjs --update  rewrite the reports after a deliberate change
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import console from 'node:console';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--update');
const reportFolder = join(root, 'api');
const temp = mkdtempSync(join(tmpdir(), 'api-report-'));
mkdirSync(reportFolder, { recursive: true });

/** Every package folder and the entries of its `exports` that have declarations. */
function entriesOf(folder) {
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const base = pkg.name.replace(/^@/, '').replace('/', '-');
  return Object.entries(pkg.exports)
    .filter(([subpath, target]) => typeof target === 'object' && subpath !== './bundle')
    .map(([subpath, target]) => ({
      folder,
      name: subpath === '.' ? base : `${base}.${subpath.slice(2).replaceAll('/', '-')}`,
      types: join(folder, target.types),
    }));
}

const entries = [root, join(root, 'server'), join(root, 'conformance')].flatMap(entriesOf);
let failed = 0;
for (const entry of entries) {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: entry.folder,
      mainEntryPointFilePath: entry.types,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            lib: ['ES2023', 'DOM', 'DOM.Iterable'],
            strict: true,
            skipLibCheck: true,
            types: entry.folder === root ? [] : ['node'],
          },
          files: [entry.types],
        },
      },
      apiReport: {
        enabled: true,
        reportFolder,
        reportTempFolder: temp,
        reportFileName: entry.name,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          // Release tags (@public/@beta) are not how this project marks its surface:
          // what an entry exports is public.
          'ae-missing-release-tag': { logLevel: 'none' },
          // A type a public signature names but the entry does not export: users could not
          // name it. Always an error.
          'ae-forgotten-export': { logLevel: 'error', addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(entry.folder, 'package.json'),
  });
  const result = Extractor.invoke(config, { localBuild: update, messageCallback: quiet });
  const changed = result.apiReportChanged && !update;
  if (changed || result.warningCount > 0 || !result.succeeded) failed++;
  console.log(
    `${entry.name.padEnd(40)} ${changed ? 'CHANGED (run npm run api:report -- --update and commit api/)' : result.apiReportChanged ? 'updated' : 'current'}` +
      (result.warningCount > 0 ? `, ${result.warningCount} warning(s)` : ''),
  );
}
rmSync(temp, { recursive: true, force: true });
if (failed > 0) {
  console.error(`${failed} entr${failed === 1 ? 'y has' : 'ies have'} a changed surface or warnings`);
  process.exit(1);
}

/** Prints warnings and errors with their place; drops the extractor's progress chatter. */
function quiet(message) {
  message.handled = true;
  if (message.logLevel === 'warning' || message.logLevel === 'error')
    console.log(
      `  ${message.logLevel}: ${message.text}${message.sourceFilePath ? ` (${message.sourceFilePath}:${message.sourceFileLine})` : ''}`,
    );
}
