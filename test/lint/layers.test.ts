/**
 * The layers of DESIGN.md hold because lint refuses an import that crosses them
 * (eslint.layers.js, spread into eslint.config.js). These run the boundary rules alone,
 * without type information, so they are quick: a crossing import is reported with the rule's
 * message, and every source file in the repository is within bounds.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layerBoundaries } from '../../eslint.layers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const linter = new Linter({ cwd: root });
const config: Linter.Config[] = [
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    // The sources' directives name rules that are not loaded here.
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  ...layerBoundaries(),
];

/** The boundary messages for `code` as if it were the file at `path` (repository-relative). */
const lint = (path: string, code: string): string[] =>
  linter.verify(code, config, { filename: join(root, path) }).map((m) => `${m.ruleId}: ${m.message}`);

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((e) => e.name !== 'node_modules' && e.name !== 'dist')
      .map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().filter((f) => /\.(ts|tsx|mts)$/.test(f) && !f.endsWith('.d.ts'));
}

describe('layer boundaries (lint)', () => {
  it.each([
    ['src/contract/fold.ts', "import { systemClock } from '../transports/clock.js';"],
    ['src/transports/sse.ts', "import type { RunFeed } from '../feed/types.js';"],
    ['src/adapters/binding.ts', "import { watchRun } from '../feed/watch-run.js';"],
    ['src/feed/run-feed.ts', "import { RunProgress } from '../components/run-progress/run-progress.js';"],
    ['src/components/run-progress/internal/view.ts', "import { useRun } from '../../../react/use-run.js';"],
    ['src/components/shared/clock.ts', "import { x } from '../../index.js';"],
    ['src/react/use-run.ts', "import { handlers } from '../../mocks/index.js';"],
    ['mocks/handlers.ts', "export { watchRun } from '../src/feed/index.js';"],
    ['mocks/scenarios/build.ts', "import { Connection } from '../../src/transports/connection.js';"],
    ['conformance/checks/sse.ts', "import { handlers } from '../../mocks/handlers.js';"],
    ['server/http/rest-routes.ts', "import type { RunReader } from '../../src/feed/rest.js';"],
    ['server/streams/hub.ts', "import type { RunReader } from '../../src/feed/rest.js';"],
    ['server/streams/hub.ts', "import { problem } from '../http/problem.js';"],
    ['server/streams/hub.ts', "import { createLogger } from '../ops/logger.js';"],
    ['server/store/sqlite-store.ts', "import { StreamHub } from '../streams/hub.js';"],
    ['server/shared/problem.ts', "import type { RunStore } from '../store/run-store.js';"],
    ['server/demo/start-demo.ts', "import { watchRun } from '../../src/feed/index.js';"],
  ])('refuses in %s: %s', (path, code) => {
    expect(lint(path, code)).toEqual([expect.stringMatching(/^no-restricted-imports: .* import is restricted/)]);
  });

  it.each([
    ['src/transports/sse.ts', "import type { ServerFrame } from '../contract/types.js';"],
    ['src/feed/run-feed.ts', "import { bindAdapter } from '../adapters/bind.js';"],
    ['src/components/run-progress/internal/view.ts', "import type { RunFeedState } from '../../../feed/types.js';"],
    ['src/components/run-progress/internal/view.ts', "import { clock } from '../../shared/clock.js';"],
    ['src/react/use-run.ts', "import { RunProgress } from '../components/run-progress/run-progress.js';"],
    ['mocks/scenarios/build.ts', "import { applyEvent } from '../../src/contract/index.js';"],
    ['server/http/rest-routes.ts', "import { problem } from '../streams/frames.js';"],
    ['server/streams/hub.ts', "import { problem } from '../shared/problem.js';"],
    ['server/streams/services.ts', "import type { ResolvedOptions } from '../config.js';"],
    ['server/streams/hub.ts', "import { ProblemType } from '../../src/contract/index.js';"],
    ['server/ops/metrics.ts', "import type { StreamObserver } from '../streams/observer.js';"],
    ['server/demo/start-demo.ts', "import { startRunServer } from '../http/start.js';"],
  ])('allows in %s: %s', (path, code) => {
    expect(lint(path, code)).toEqual([]);
  });

  it('finds no crossing import in the sources', { timeout: 120_000 }, async () => {
    const crossing: string[] = [];
    for (const folder of ['src', 'mocks', 'conformance', 'server']) {
      for (const file of await sources(join(root, folder))) {
        const path = relative(root, file);
        for (const message of lint(path, await readFile(file, 'utf8'))) crossing.push(`${path}: ${message}`);
      }
    }
    expect(crossing).toEqual([]);
  });
});
