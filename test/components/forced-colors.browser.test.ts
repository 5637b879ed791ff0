/**
 * Both elements in forced colours (Windows High Contrast, emulated by Playwright in
 * Chromium): no axe violations in the states a reader meets, and the marks that carry
 * meaning (search matches, the selected line, pressed toggles) keep system colours.
 */
import axe from 'axe-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { engineName } from '../setup/engine-name.js';
import { mount as mountLog, settle as settleLog } from './run-log-tail/helpers.js';
import { TestFeed as LogFeed } from './run-log-tail/test-feed.js';
import { cleanup, mount as mountProgress } from './run-progress/fixture.js';
import { iso, snapshot, T0, TestFeed } from './run-progress/test-feed.js';

async function violations(context: Element): Promise<string[]> {
  const result = await axe.run(context, { resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const steps = [
  { key: 'fetch', state: 'done' as const },
  { key: 'score', state: 'running' as const },
  { key: 'export', state: 'waiting' as const },
];

// Only Playwright's page can emulate forced colours (docs/browsers.md).
describe.skipIf(engineName !== 'chromium')('forced colours', () => {
  beforeAll(async () => {
    await commands.emulateForcedColors(true);
    return () => commands.emulateForcedColors(false);
  });
  afterEach(() => {
    cleanup();
    document.body.replaceChildren();
  });

  it('is really on', () => {
    expect(matchMedia('(forced-colors: active)').matches).toBe(true);
  });

  for (const layout of ['full', 'compact']) {
    it(`<run-progress> running, failed and stalled have no axe violations (${layout})`, async () => {
      const running = snapshot(
        {},
        { status: 'running', startedAt: iso(T0 - 60_000), phase: 'score', percent: 42, steps },
      );
      const failed = snapshot(
        {},
        {
          status: 'failed',
          startedAt: iso(T0 - 60_000),
          endedAt: iso(T0),
          phase: 'score',
          error: { message: 'Out of memory', phase: 'score' },
          steps: steps.map((s) => (s.state === 'running' ? { ...s, state: 'failed' as const } : s)),
        },
      );
      const stalled = new TestFeed('run-3', { ...running, id: 'run-3' });
      stalled.set({ lastEventAt: T0 - 120_000 });
      for (const feed of [new TestFeed('run-1', running), new TestFeed('run-2', { ...failed, id: 'run-2' }), stalled]) {
        const { el } = await mountProgress(feed, { attrs: { layout } });
        expect(await violations(el)).toEqual([]);
      }
    });
  }

  it('<run-log-tail> with colours, a search and a selected line has no axe violations', async () => {
    const feed = new LogFeed();
    const el = await mountLog(feed, (e) => {
      e.searchText = 'line';
      e.timestamps = 'absolute';
    });
    feed.append([
      '\x1b[31mred\x1b[0m line \x1b[38;5;208morange\x1b[0m \x1b[7mreverse\x1b[0m',
      { text: 'a warning line \x1b[32mwith colour\x1b[0m', level: 'warn' },
      { text: 'an error line', level: 'error' },
      { text: 'a debug line', level: 'debug' },
    ]);
    await settleLog(el);
    el.shadowRoot?.querySelector<HTMLElement>('.row.line[data-seq="2"] [part="line-number"]')?.click();
    await settleLog(el);
    expect(el.shadowRoot?.querySelector('mark')).not.toBeNull();
    expect(await violations(el)).toEqual([]);
    // The selected line keeps the system's highlight, so it still shows.
    const selected = el.shadowRoot?.querySelector<HTMLElement>('.row.selected');
    expect(selected).not.toBeNull();
    expect(getComputedStyle(selected!).forcedColorAdjust).toBe('none');
  });
});
