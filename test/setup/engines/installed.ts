/**
 * Which of the extra browser engines (Debian's Firefox ESR, WebKitGTK) this machine has, and
 * what to do when one is missing: a developer's `npm test` skips that engine with a printed
 * reason and keeps Chromium; CI (`CI=true`) must run all three, so there a missing engine is an
 * error rather than a quiet skip.
 * @module
 */
import { existsSync } from 'node:fs';
import process from 'node:process';

/** An engine beside Chromium that the browser projects can run in. */
export type ExtraEngine = 'firefox' | 'webkit';

/** Binaries of Debian's Firefox ESR; `FIREFOX_PATH` overrides. */
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** WebKitGTK's W3C WebDriver server (package webkit2gtk-driver); `WEBKIT_DRIVER_PATH` overrides. */
export const webkitDriverPath = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';

/** The browser WebKitWebDriver starts (package libwebkit2gtk-4.1-0); `MINIBROWSER_PATH` overrides. */
export const miniBrowserPath = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** The X server WebKitGTK needs: it has no headless mode of its own. */
export const xvfbPath = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';

const needs: Record<ExtraEngine, { files: string[]; apt: string }> = {
  firefox: { files: [firefoxPath], apt: 'firefox-esr' },
  webkit: { files: [webkitDriverPath, miniBrowserPath, xvfbPath], apt: 'webkit2gtk-driver xvfb xauth' },
};

/** The binaries an engine needs that are not on this machine (empty when it can run). */
export function missingFiles(engine: ExtraEngine): string[] {
  return needs[engine].files.filter((file) => !existsSync(file));
}

const reported = new Set<ExtraEngine>();

/**
 * Whether the projects of `engine` should be configured. Prints once why an engine is skipped;
 * throws under `CI=true`, where every engine must run.
 */
export function engineInstalled(engine: ExtraEngine): boolean {
  const missing = missingFiles(engine);
  if (missing.length === 0) return true;
  const message =
    `browser-${engine}: skipped, ${missing.join(', ')} not found. ` +
    `Install with: sudo apt-get install -y --no-install-recommends ${needs[engine].apt}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI runs every engine)`);
  if (!reported.has(engine)) {
    reported.add(engine);
    process.stderr.write(`${message}\n`);
  }
  return false;
}
