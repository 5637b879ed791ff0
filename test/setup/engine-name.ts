/**
 * The engine a browser test runs in (the same files run in Chromium, Firefox and
 * WebKitGTK, docs/browsers.md), for the few tests that pin or skip an engine's limit.
 * @module
 */

/** `chromium`, `firefox` or `webkit`, from the user agent. */
export const engineName: 'chromium' | 'firefox' | 'webkit' = /Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrome\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/**
 * Whether `userEvent` works here: it needs driver commands that only the Playwright
 * provider has; our Firefox and WebKit provider has none (docs/browsers.md).
 */
export const hasUserEvent = engineName === 'chromium';
