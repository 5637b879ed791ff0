/**
 * A Vitest browser provider for the engines Playwright cannot drive here (Debian's Firefox ESR
 * and WebKitGTK). Vitest only needs a provider to open its orchestrator page in a real browser;
 * the tests talk to Vitest over its own WebSocket, so no driver-side commands are needed (our
 * browser tests use none: no `userEvent`, no screenshots). Without a module mocker and with
 * `supportsParallelism: false`, Vitest runs the files one after another in one page, which
 * suits the shared two-core machines too.
 * @module
 */
import { defineBrowserProvider } from '@vitest/browser';
import type { BrowserProvider, BrowserProviderOption } from 'vitest/node';
import { launchFirefox } from './firefox.js';
import type { ExtraEngine } from './installed.js';
import type { EngineLauncher, EngineSession } from './session.js';
import { launchWebkit } from './webkit.js';

const launchers: Record<ExtraEngine, EngineLauncher> = {
  firefox: launchFirefox,
  webkit: launchWebkit,
};

/** The provider for `browser.provider` of a project whose one instance is `engine`. */
export function engine(engine: ExtraEngine): BrowserProviderOption {
  return defineBrowserProvider({
    name: `engine-${engine}`,
    supportedBrowser: [engine],
    providerFactory: () => new EngineProvider(engine, launchers[engine]),
  });
}

class EngineProvider implements BrowserProvider {
  readonly name: string;
  readonly supportsParallelism = false;
  private readonly sessions = new Map<string, Promise<EngineSession>>();

  constructor(
    engine: ExtraEngine,
    private readonly launch: EngineLauncher,
  ) {
    this.name = `engine-${engine}`;
  }

  getCommandsContext(): Record<string, unknown> {
    return {};
  }

  async openPage(sessionId: string, url: string): Promise<void> {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = this.launch();
      this.sessions.set(sessionId, session);
    }
    await (await session).open(url);
  }

  async close(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map(async (session) => (await session).close()));
  }
}
