// `npm run check:packages`: builds and packs the three packages, then lints each as the
// registry would serve it: publint (exports, files, fields) in strict mode, and
// @arethetypeswrong/cli on the tarball (types resolve for every entry under node10, node16
// and bundler). The packages are ESM only, so attw's cjs-resolves-to-esm rule is ignored
// (docs/decisions/0003-packages.md). Exits 1 on any problem.
//   --no-build   pack what dist/ holds now
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folders = [root, join(root, 'server'), join(root, 'conformance')];
const dest = mkdtempSync(join(tmpdir(), 'rpk-packs-'));
const run = (cwd, command, args) => {
  try {
    return { ok: true, out: execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    return { ok: false, out: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
};

if (!process.argv.includes('--no-build')) {
  const build = run(root, 'npm', ['run', 'build']);
  if (!build.ok) {
    console.error(build.out);
    process.exit(1);
  }
}
let failed = 0;
for (const folder of folders) {
  const packed = run(folder, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest]);
  const [{ filename, name, entryCount, size }] = JSON.parse(packed.out.slice(packed.out.indexOf('[')));
  const publint = run(folder, process.execPath, [
    join(root, 'node_modules/publint/src/cli.js'),
    'run',
    '--strict',
    '.',
  ]);
  const attw = run(folder, process.execPath, [
    join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'),
    join(dest, filename),
    '--ignore-rules',
    'cjs-resolves-to-esm',
    '--format',
    'ascii',
  ]);
  const ok = publint.ok && attw.ok;
  if (!ok) failed++;
  console.log(
    `${ok ? '✓' : '✗'} ${name}: ${entryCount} files, ${(size / 1024).toFixed(0)} KB packed; publint ${publint.ok ? 'ok' : 'FAILED'}, attw ${attw.ok ? 'ok' : 'FAILED'}`,
  );
  if (!publint.ok) console.log(publint.out);
  if (!attw.ok) console.log(attw.out);
}
rmSync(dest, { recursive: true, force: true });
console.log(`${folders.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
