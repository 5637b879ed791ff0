// Lint with zero warnings (CI runs `eslint --max-warnings 0`). Type-aware rules only where
// they catch real bugs in async code (floating promises), to keep linting fast on 2 cores.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerBoundaries } from './eslint.layers.js';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'test/consumers/apps/',
      'storybook-static/',
      'coverage/',
      'bench-results/',
      'screenshots/',
      'docs/openapi.json',
      'custom-elements.json',
      'public/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Imports only downward (DESIGN.md "Layers"); server/, mocks/ and conformance/ only from the contract.
  ...layerBoundaries(),
  // The consumer test drives Node and, in `page.evaluate` callbacks, the page.
  {
    files: ['test/consumers/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['fetch', 'URL', 'setTimeout', 'clearTimeout', 'document', 'customElements', 'location'].map((g) => [
          g,
          'readonly',
        ]),
      ),
    },
  },
);
