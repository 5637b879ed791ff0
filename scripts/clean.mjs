// `node scripts/clean.mjs DIR…`: removes build output before a build, so a file deleted from
// the sources never lingers in a package (rm -rf, portably).
import { rmSync } from 'node:fs';
import process from 'node:process';

for (const dir of process.argv.slice(2)) rmSync(dir, { recursive: true, force: true });
