/**
 * What the stories share: a mock backend per story (fresh runs on every render, its own
 * base URL so no story inherits another's connection or remembered transport), the render
 * function that turns args into attributes, and waits used by `play` checks.
 * @module
 */
import type { StoryContext } from '@storybook/web-components-vite';
import type { RequestHandler, WebSocketHandler } from 'msw';
import { createRunHandlers, type MockNetwork, type MockScenario } from '../mocks/index.js';
import type { Environment, TokenGetter } from '../src/transports/index.js';

/** How a story's mock backend plays. */
export interface MockSetup {
  scenario: MockScenario;
  /** Playback speed (default 1: real time, as a designer watches it). */
  speed?: number;
  network?: MockNetwork;
}

/** The base URL a story's mock backend answers at. */
export const baseUrlFor = (storyId: string) => `/mock/${storyId}/api`;

/** The part of a story's context `withMock` uses (the same in every Storybook framework). */
interface MockContext {
  id: string;
  msw: { use(...handlers: Array<RequestHandler | WebSocketHandler>): void };
}

/** A `beforeEach` that installs the story's mock backend. */
export function withMock(setup: MockSetup) {
  return ({ msw, id }: MockContext) => {
    msw.use(
      ...createRunHandlers({
        baseUrl: baseUrlFor(id),
        scenarios: [setup.scenario],
        speed: setup.speed ?? 1,
        network: setup.network,
      }),
    );
  };
}

/** What a story may set beyond attributes. */
export interface StoryFrame {
  /** Width of the box the element sits in (e.g. `240px`). */
  width?: string;
  dir?: 'ltr' | 'rtl';
  lang?: string;
  dark?: boolean;
  /** Height of the box (the log tail needs one). */
  height?: string;
  getToken?: TokenGetter;
  environment?: Environment;
}

/** The inline style of the box a story's element sits in (the same for tags and React). */
export function frameStyle(frame: StoryFrame): Record<string, string> {
  return {
    width: frame.width ?? '100%',
    maxWidth: '100%',
    padding: '12px',
    boxSizing: 'border-box',
    ...(frame.height ? { height: frame.height } : {}),
    ...(frame.dark ? { background: '#0d1117' } : {}),
  };
}

/** What a story checks once it has rendered (its `play`). */
export interface StoryExpectations {
  /** `<run-progress>` shows this run status. */
  status?: string;
  /** `<run-progress>` shows this connection state. */
  connection?: string;
  /** `<run-log-tail>` shows lines from the mock backend (unless the state has none). */
  lines?: boolean;
  /** The story's element shows this text (in its shadow root). */
  text?: string;
}

/** Waits until the story's elements in `canvas` show what `expect` says. */
export async function expectRendered(canvas: Element, expect: StoryExpectations): Promise<void> {
  const progress = canvas.querySelector('run-progress');
  if (expect.status) await shadowMatch(progress, `[part~="status"][data-status="${expect.status}"]`);
  if (expect.connection) await shadowMatch(progress, `[part~="connection"][data-kind="${expect.connection}"]`);
  if (expect.lines !== undefined) {
    await shadowMatch(canvas.querySelector('run-log-tail'), expect.lines ? '[data-seq]' : '*');
  }
  if (expect.text) await shadowText(canvas.querySelector('run-progress, run-log-tail'), expect.text);
}

/** Resolves once `host`'s shadow root shows `text` (rejects after `timeoutMs`). */
export async function shadowText(host: Element | null, text: string, timeoutMs = 8_000): Promise<void> {
  const started = Date.now();
  while (!host?.shadowRoot?.textContent?.includes(text)) {
    if (Date.now() - started > timeoutMs) throw new Error(`"${text}" did not appear in <${host?.localName}>`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Renders `tag` with `args` as attributes (`true` → present, `false`/empty → absent) and
 * `base-url` pointing at the story's mock backend.
 */
export function renderElement(tag: string, frame: StoryFrame = {}) {
  return (args: Record<string, unknown>, context: StoryContext): HTMLElement => {
    const box = document.createElement('div');
    Object.assign(box.style, frameStyle(frame));
    if (frame.dir) box.dir = frame.dir;
    if (frame.lang) box.lang = frame.lang;
    const element = document.createElement(tag) as HTMLElement & { feedOptions?: unknown };
    for (const [name, value] of Object.entries(args)) {
      if (value === undefined || value === false || value === '') continue;
      element.setAttribute(name, value === true ? '' : String(value));
    }
    element.setAttribute('base-url', baseUrlFor(context.id));
    if (frame.height) element.style.height = '100%';
    if (frame.getToken || frame.environment) {
      element.feedOptions = { getToken: frame.getToken, environment: frame.environment };
    }
    box.append(element);
    return box;
  };
}

/** Resolves with the first match of `selector` in `host`'s shadow root (rejects after `timeoutMs`). */
export async function shadowMatch(host: Element | null, selector: string, timeoutMs = 8_000): Promise<Element> {
  const started = Date.now();
  for (;;) {
    const found = host?.shadowRoot?.querySelector(selector);
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`${selector} did not appear in <${host?.localName}>`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A page environment that says the browser is offline (what `navigator.onLine === false` looks like). */
export const offlineEnvironment: Environment = {
  hidden: () => false,
  online: () => false,
  subscribe: () => () => {},
};
