// Type resolution as users' compilers do it: every entry of the three packages imported and
// its main types named, with skipLibCheck off, under moduleResolution bundler and node16.
import { appFolder, npm } from '../harness.mjs';

export const name = 'types: every entry resolves and checks under moduleResolution bundler and node16';

export async function prepare(ctx) {
  const dir = await appFolder(ctx.work, 'types');
  await npm(dir, [
    'install',
    ctx.tarballs.kit,
    ctx.tarballs.server,
    ctx.tarballs.conformance,
    'react@^19',
    'msw@^2',
    'ioredis@^5',
  ]);
  await npm(dir, ['install', '--save-dev', 'typescript@~5.9', '@types/react@^19', '@types/node@^20']);
  return dir;
}

export async function verify(_ctx, dir) {
  for (const config of ['tsconfig.bundler.json', 'tsconfig.node16.json'])
    await npm(dir, ['exec', '--', 'tsc', '-p', config]);
}
