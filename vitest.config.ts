import { defineConfig } from 'vitest/config';
import type { BrowserProviderOption } from 'vitest/node';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { chromiumArgs, chromiumPath } from './test/setup/chromium.js';
import { engine } from './test/setup/engines/provider.js';
import { engineInstalled, type ExtraEngine } from './test/setup/engines/installed.js';
import { emulateForcedColors } from './test/setup/forced-colors.command.js';

// Projects: Node (contract, server, transports over real sockets), the soak and fuzz runs
// (long, randomized, load-bearing: their own project so `npm run test:fast` and a targeted
// `--project node` run leave them out; `npm test` still runs them), the type tests
// (`*.test-d.ts`, checked by tsc in Vitest's typecheck mode, so a wrong type fails the run),
// real headless Chromium for what only a browser can show (`*.browser.test.ts`), the same
// browser tests in Firefox ESR and WebKitGTK where installed (docs/browsers.md), every story
// of both Storybooks, and, once all of those are done, the planted-fault proof of the
// conformance suite: it runs the whole suite once per fault on every core, so it would starve
// timing-sensitive tests if it ran beside them.
//
// Three groups, in order: the Node projects (their files mostly wait on sockets and child
// servers, so they run four at a time even on two cores: 133 s instead of about 300 s here),
// then the browser projects at Vitest's default (cores - 1: their long-task guards measure the
// main thread, which contention would distort), then the planted faults.
/** Node test files at once: they wait on real sockets and servers more than they compute. */
const NODE_WORKERS = 4;
const NODE_GROUP = { groupOrder: 0 };
const BROWSER_GROUP = { groupOrder: 1 };
/**
 * Long and load-bearing: the fuzz runs (random inputs by the thousand), the feed's fault soak
 * (200 random cuts through a fault-injecting proxy, about 80 s here) and the bench's smoke run.
 */
const SOAK = ['test/fuzz/**/*.test.ts', 'test/feed/faults.test.ts', 'test/bench/**/*.test.ts'];
/** Engines beside Chromium that this machine has (a missing one is skipped, or an error in CI). */
const extraEngines = (['firefox', 'webkit'] as const).filter((name: ExtraEngine) => engineInstalled(name));

const chromium = { launchOptions: { executablePath: chromiumPath, args: chromiumArgs } };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // test/consumers/apps are scratch apps' own files, run by npm run test:consumers.
          exclude: [
            'test/**/*.browser.test.ts',
            'node_modules/**',
            'test/consumers/**',
            'test/conformance/planted-faults.test.ts',
            ...SOAK,
          ],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          maxWorkers: NODE_WORKERS,
          sequence: NODE_GROUP,
        },
      },
      {
        test: {
          name: 'soak',
          include: SOAK,
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          maxWorkers: NODE_WORKERS,
          sequence: NODE_GROUP,
        },
      },
      {
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        test: {
          name: 'planted-faults',
          include: ['test/conformance/planted-faults.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 600_000,
          sequence: { groupOrder: 2 },
        },
      },
      browserProject('browser', playwright(chromium), 'chromium'),
      ...extraEngines.map((name) => browserProject(`browser-${name}`, engine(name), name)),
      // Every story of both Storybooks (elements, React wrappers) rendered in Chromium: fails on
      // render errors, failed `play` checks and axe violations (parameters.a11y.test = 'error').
      storybookProject('storybook', '.storybook'),
      storybookProject('storybook-react', '.storybook-react'),
    ],
  },
});

/** Every `*.browser.test.ts(x)` against the reference server, in one engine. */
function browserProject(name: string, provider: BrowserProviderOption, browser: 'chromium' | ExtraEngine) {
  return {
    test: {
      name,
      include: ['test/**/*.browser.test.ts', 'test/**/*.browser.test.tsx'],
      globalSetup: ['test/setup/backend.global.ts', 'test/adapters/servers/foreign.global.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
      browser: {
        enabled: true,
        headless: true,
        provider,
        instances: [{ browser }],
        // Our engine provider has no screenshot command (docs/browsers.md).
        screenshotFailures: browser === 'chromium',
        // Forced-colours emulation needs Playwright's page (test/components/forced-colors.browser.test.ts).
        ...(browser === 'chromium' ? { commands: { emulateForcedColors } } : {}),
      },
      sequence: BROWSER_GROUP,
    },
  };
}

function storybookProject(name: string, configDir: string) {
  return {
    plugins: [storybookTest({ configDir })],
    test: {
      name,
      globalSetup: ['test/stories/prepare.global.ts'],
      testTimeout: 30_000,
      sequence: BROWSER_GROUP,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright(chromium),
        instances: [{ browser: 'chromium' as const }],
      },
    },
  };
}
