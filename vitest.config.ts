import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { chromiumArgs, chromiumPath } from './test/setup/chromium.js';

// Two projects: Node (contract, server, transports over real sockets) and real headless
// Chromium for what only a browser can show. `*.browser.test.ts` runs in the browser.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // test/consumers/apps are scratch apps' own files, run by npm run test:consumers.
          exclude: ['test/**/*.browser.test.ts', 'node_modules/**', 'test/consumers/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts', 'test/**/*.browser.test.tsx'],
          globalSetup: ['test/setup/backend.global.ts', 'test/adapters/servers/foreign.global.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      // Every story of both Storybooks (elements, React wrappers) rendered in Chromium: fails on
      // render errors, failed `play` checks and axe violations (parameters.a11y.test = 'error').
      storybookProject('storybook', '.storybook'),
      storybookProject('storybook-react', '.storybook-react'),
    ],
  },
});

function storybookProject(name: string, configDir: string) {
  return {
    plugins: [storybookTest({ configDir })],
    test: {
      name,
      globalSetup: ['test/stories/prepare.global.ts'],
      testTimeout: 30_000,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
        instances: [{ browser: 'chromium' as const }],
      },
    },
  };
}
