/**
 * Browser side of `scripts/screenshots.ts`: renders one scene (a frozen feed state) into
 * `<run-progress>` with a frozen clock. Bundled by esbuild at run time.
 */
import '../src/components/run-progress/run-progress.js';
import type { ElementClock } from '../src/components/shared/clock.js';
import type { LogWindow, RunFeed, RunFeedState } from '../src/feed/types.js';
import type { Scene } from './screenshot-scenes.js';

const logs: LogWindow = {
  size: 0,
  capacity: 0,
  dropped: 0,
  at: () => undefined,
  indexOfSeq: () => -1,
  slice: () => [],
};

function frozenFeed(state: RunFeedState): RunFeed {
  return {
    runId: state.runId,
    getState: () => state,
    subscribe: () => () => undefined,
    onError: () => () => undefined,
    close: () => undefined,
  };
}

declare global {
  interface Window {
    renderScene(scene: Scene): Promise<void>;
  }
}

window.renderScene = async (scene) => {
  document.body.replaceChildren();
  document.documentElement.dir = scene.dir ?? 'ltr';
  const dark =
    scene.attrs?.theme === 'dark' || (scene.attrs?.theme === undefined && scene.media?.colorScheme === 'dark');
  const frame = document.createElement('div');
  frame.id = 'frame';
  frame.style.cssText = `display:inline-block;padding:16px;background:${dark ? '#0d1117' : '#ffffff'};font-family:system-ui,sans-serif`;
  const el = document.createElement('run-progress');
  const clock: ElementClock = { now: () => scene.now, setTimeout: () => 0, clearTimeout: () => undefined };
  el.clock = clock;
  for (const [name, value] of Object.entries(scene.attrs ?? {})) el.setAttribute(name, value);
  el.style.display = 'block';
  el.style.inlineSize = `${scene.width}px`;
  el.feed = frozenFeed({ ...scene.state, logs, malformed: 0 });
  frame.append(el);
  document.body.append(frame);
  await el.updateComplete;
};
