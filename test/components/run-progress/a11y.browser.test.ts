import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../src/contract/index.js';
import { cleanup, mount, settle } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

afterEach(cleanup);

async function violations(context: Element): Promise<string[]> {
  const result = await axe.run(context, { resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const steps: RunSnapshot['steps'] = [
  { key: 'fetch', state: 'done', startedAt: iso(T0 - 60_000), endedAt: iso(T0 - 40_000) },
  { key: 'skip_me', state: 'skipped' },
  { key: 'score', state: 'running', startedAt: iso(T0 - 40_000) },
  { key: 'export', state: 'waiting' },
];
const states: Record<string, RunSnapshot> = {
  queued: snapshot({ steps: [{ key: 'fetch' }, { key: 'score' }] }),
  running: snapshot(
    {},
    { status: 'running', startedAt: iso(T0 - 60_000), phase: 'score', percent: 42, message: 'Scoring', steps },
  ),
  indeterminate: snapshot({}, { status: 'running', startedAt: iso(T0 - 60_000), phase: 'score', steps }),
  failed: snapshot(
    {},
    {
      status: 'failed',
      startedAt: iso(T0 - 60_000),
      endedAt: iso(T0),
      phase: 'score',
      percent: 40,
      error: { message: 'Out of memory', phase: 'score' },
      steps: steps.map((s) => (s.state === 'running' ? { ...s, state: 'failed' as const, endedAt: iso(T0) } : s)),
    },
  ),
  cancelled: snapshot({}, { status: 'cancelled', startedAt: iso(T0 - 60_000), endedAt: iso(T0), steps }),
};

describe('accessibility', () => {
  for (const [name, run] of Object.entries(states)) {
    for (const theme of ['light', 'dark'] as const) {
      for (const layout of ['full', 'compact'] as const) {
        it(`has no axe violations: ${name}, ${theme}, ${layout}`, async () => {
          document.body.style.background = theme === 'dark' ? '#0d1117' : '#ffffff';
          const feed = new TestFeed('run-1', run);
          feed.set({ lastEventAt: T0 - 120_000 });
          const { el } = await mount(feed, { attrs: { theme, layout } });
          expect(await violations(el)).toEqual([]);
        });
      }
    }
  }

  it('has no axe violations while stalled and reconnecting', async () => {
    const feed = new TestFeed('run-1', states.running, { status: 'reconnecting', attempt: 2, nextRetryAt: T0 + 8_000 });
    feed.set({ lastEventAt: T0 - 120_000 });
    const { el } = await mount(feed);
    expect(el.shadowRoot!.querySelector('[part="stall"]')).not.toBeNull();
    expect(await violations(el)).toEqual([]);
  });

  it('names the region and the bar, and lists steps in an ordered list', async () => {
    const { el } = await mount(new TestFeed('run-1', states.running));
    const root = el.shadowRoot!;
    expect(root.querySelector('[part="base"]')!.getAttribute('role')).toBe('group');
    expect(root.querySelector('[part="base"]')!.getAttribute('aria-label')).toBe('Run run-1');
    const bar = root.querySelector('[role="progressbar"]')!;
    // Each bar on a dashboard has its own name.
    expect(bar.getAttribute('aria-label')).toBe('Progress of run-1');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuetext')).toBe('Step 3 of 4: Score, 42%');
    expect(root.querySelector('ol')!.getAttribute('aria-label')).toBe('Steps');
    // Nothing is interactive, so nothing should take focus.
    expect(root.querySelectorAll('[tabindex], button, a, input')).toHaveLength(0);
  });
});

describe('live region', () => {
  const region = (el: Element) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim();

  it('stays quiet on first render, then announces phase changes at most every 5 s', async () => {
    const feed = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'a', startedAt: iso(T0) }));
    const { el, clock } = await mount(feed);
    expect(region(el)).toBe('');
    feed.patchRun({ phase: 'b' });
    await settle(el);
    expect(region(el)).toBe('Run run-1: B');
    // Percent ticks and message changes are not announced.
    for (let p = 1; p < 50; p++) feed.patchRun({ percent: p, message: `row ${p}` });
    await settle(el);
    expect(region(el)).toBe('Run run-1: B');
    clock.advance(1_000);
    feed.patchRun({ phase: 'c' });
    await settle(el);
    clock.advance(1_000);
    feed.patchRun({ phase: 'd' });
    await settle(el);
    expect(region(el)).toBe('Run run-1: B');
    clock.advance(3_000);
    await settle(el);
    // Only the newest of the throttled phases is said.
    expect(region(el)).toBe('Run run-1: D');
  });

  it('says only how the run ended with announce="end", and nothing with announce="none"', async () => {
    const quiet = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'a', startedAt: iso(T0) }));
    const silent = new TestFeed(
      'run-2',
      snapshot({ id: 'run-2' }, { status: 'running', phase: 'a', startedAt: iso(T0) }),
    );
    const { el: end } = await mount(quiet, { attrs: { announce: 'end' } });
    const { el: none } = await mount(silent, { attrs: { announce: 'none' } });
    for (const feed of [quiet, silent]) feed.patchRun({ phase: 'b' });
    await settle(end);
    await settle(none);
    expect(region(end)).toBe('');
    expect(region(none)).toBe('');
    for (const feed of [quiet, silent]) feed.patchRun({ status: 'succeeded', endedAt: iso(T0) });
    await settle(end);
    await settle(none);
    expect(region(end)).toBe('Run run-1: Run succeeded');
    expect(region(none)).toBe('');
  });

  it('announces the end of the run at once', async () => {
    const feed = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'a', startedAt: iso(T0) }));
    const { el } = await mount(feed);
    feed.patchRun({ phase: 'b' });
    await settle(el);
    feed.patchRun({ status: 'failed', error: { message: 'Disk full', phase: 'b' }, endedAt: iso(T0) });
    await settle(el);
    expect(region(el)).toBe('Run run-1: Run failed. Failed during “B”: Disk full');
  });
});
