/**
 * Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core: no geckodriver and no
 * browser download (Playwright's Firefox is a patched build that cannot be fetched here).
 * @module
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { firefoxPath } from './installed.js';
import type { EngineSession } from './session.js';

/** Preferences every Firefox here starts with (tests and the benchmark). */
export const FIREFOX_PREFS: Readonly<Record<string, boolean>> = {
  // The run server and Vitest listen on loopback only; keep Firefox off the (closed) internet.
  'network.proxy.allow_hijacking_localhost': false,
  'app.update.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
};

/** Starts headless Firefox ESR with one page. */
export async function launchFirefox(): Promise<EngineSession> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: firefoxPath,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_PREFS },
  });
  let page: Page | undefined;
  return {
    async open(url) {
      page ??= await browser.newPage();
      await page.goto(url, { timeout: 0 });
    },
    async close() {
      await browser.close();
    },
  };
}
