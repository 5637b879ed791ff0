/**
 * A browser command for the Chromium project: turns `forced-colors: active` emulation on or
 * off for the test page (Windows High Contrast, as Playwright emulates it), so axe can check
 * the elements' forced-colours styles. Only the Playwright provider has a page to ask.
 * @module
 */
import type { BrowserCommand } from 'vitest/node';

/** `await commands.emulateForcedColors(true)` in a test. */
export const emulateForcedColors: BrowserCommand<[active: boolean]> = async (context, active) => {
  if (context.provider.name !== 'playwright') throw new Error('forced colours need the Playwright provider');
  await context.page.emulateMedia({ forcedColors: active ? 'active' : 'none' });
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Turns forced-colours emulation on or off (Chromium project only). */
    emulateForcedColors(active: boolean): Promise<void>;
  }
}
