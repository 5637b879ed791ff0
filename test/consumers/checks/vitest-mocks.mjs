// A test suite using the shipped MSW mocks in Vitest exactly as docs/mocks.md shows.
import { appFolder, npm } from '../harness.mjs';

export const name = 'vitest + the shipped mocks (run-progress-kit/mocks, /mocks/node) as docs/mocks.md shows';

export async function prepare(ctx) {
  const dir = await appFolder(ctx.work, 'vitest-mocks');
  await npm(dir, ['init', '-y']);
  await npm(dir, ['pkg', 'set', 'type=module']);
  await npm(dir, ['install', '--save-dev', ctx.tarballs.kit, 'msw@^2', 'vitest@^4', 'undici@^7']);
  return dir;
}

export async function verify(_ctx, dir) {
  const out = await npm(dir, ['exec', '--', 'vitest', 'run']);
  if (!/Tests\s+2 passed/.test(out)) throw new Error(`vitest did not pass both tests:\n${out.slice(-2000)}`);
}
