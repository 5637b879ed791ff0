// The React sample app. Vite compiles TSX itself (Oxc, automatic JSX runtime); no React
// plugin is needed to build (it would add Fast Refresh for `vite dev`, nothing more).
// `run-progress-kit/react` points at this repository's source, as the published package
// would resolve it through its `exports`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  resolve: {
    alias: { 'run-progress-kit/react': repo('src/react/index.ts') },
  },
  build: { target: 'es2022' },
});
