import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../src/components/run-progress/run-progress.js';
import { cleanup, mount, partText, settle, text } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

const steps = [
  { key: 'fetch', label: 'Fetch data' },
  { key: 'score', label: 'Score' },
  { key: 'export', label: 'Export reports' },
  { key: 'publish', label: 'Publish' },
];

afterEach(cleanup);

/** A run on its `at`-th step (0-based), in the phase of that step. */
function runningAt(at: number): TestFeed {
  const feed = new TestFeed('run-1', snapshot({ steps }));
  feed.fold([
    { type: 'status', status: 'running', time: iso(T0 - 60_000) },
    {
      type: 'progress',
      phase: steps[at]!.key,
      label: steps[at]!.label,
      percent: 60,
      time: iso(T0 - 10_000),
      steps: steps.map((s, i) => ({
        key: s.key,
        state: i < at ? 'done' : i === at ? 'running' : 'waiting',
        ...(i < at ? { startedAt: iso(T0 - 60_000 + i * 10_000), endedAt: iso(T0 - 50_000 + i * 10_000) } : {}),
      })),
    },
  ]);
  return feed;
}

function bar(el: RunProgress): Element {
  return el.shadowRoot!.querySelector('[role="progressbar"]')!;
}

/** Each checklist row as its visible label plus its screen-reader state. */
function rows(el: RunProgress): string[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="step"]')].map((li) => {
    const label = li.querySelector('[part="step-label"]')!.textContent!.replace(/\s+/g, ' ').trim();
    return `${li.getAttribute('data-state')}: ${label}`;
  });
}

describe('<run-progress> says a finished run is finished', () => {
  it('a succeeded run no longer shows its last phase as going on', async () => {
    const feed = runningAt(3);
    feed.patchRun({ phase: 'export', phaseLabel: 'Exporting reports…' });
    const { el } = await mount(feed);
    expect(partText(el, 'phase')).toBe('Exporting reports…');
    feed.fold([{ type: 'status', status: 'succeeded', time: iso(T0) }]);
    await settle(el);
    expect(partText(el, 'phase')).toBe('Completed');
    expect(text(el)).not.toContain('Exporting reports…');
    expect(bar(el).getAttribute('aria-valuetext')).toBe('Completed, 100%');
  });

  it('a succeeded run reads "Completed" in the compact layout too', async () => {
    const feed = runningAt(3);
    const { el } = await mount(feed, { attrs: { layout: 'compact' } });
    feed.fold([{ type: 'status', status: 'succeeded', time: iso(T0) }]);
    await settle(el);
    expect(partText(el, 'phase')).toBe('Completed');
  });

  it('a cancelled run marks the step it was on as cancelled and later steps as not run', async () => {
    const feed = runningAt(1);
    const { el } = await mount(feed);
    feed.fold([{ type: 'status', status: 'cancelled', time: iso(T0) }]);
    await settle(el);
    expect(rows(el)).toEqual([
      'done: Fetch data, Done',
      'cancelled: Score, Cancelled',
      'not-run: Export reports, Not run',
      'not-run: Publish, Not run',
    ]);
    const cancelled = el.shadowRoot!.querySelector('[part~="step-cancelled"] [part="step-label"]')!;
    // Not struck through: nobody chose to skip it.
    expect(getComputedStyle(cancelled).textDecorationLine).toBe('none');
    expect(el.shadowRoot!.querySelector('[part~="step-waiting"]')).toBeNull();
    expect(bar(el).getAttribute('aria-valuetext')).toBe('Cancelled at step 2 of 4: Score, 60%');
  });

  it('a failed run says it failed at the step it failed in, and later steps did not run', async () => {
    const feed = runningAt(2);
    const { el } = await mount(feed);
    feed.fold([{ type: 'status', status: 'failed', time: iso(T0), error: { message: 'Disk full' } }]);
    await settle(el);
    expect(bar(el).getAttribute('aria-valuetext')).toBe('Failed at step 3 of 4: Export reports, 60%');
    expect(rows(el).slice(2)).toEqual(['failed: Export reports, Failed', 'not-run: Publish, Not run']);
  });

  it('a run faster than a second took "under 1 sec", as did its steps', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps: [{ key: 'fetch', label: 'Fetch data' }] }));
    const { el } = await mount(feed);
    feed.fold([
      { type: 'status', status: 'running', time: iso(T0 - 400) },
      { type: 'progress', phase: 'fetch', time: iso(T0 - 300), steps: [{ key: 'fetch', state: 'running' }] },
      { type: 'status', status: 'succeeded', time: iso(T0) },
    ]);
    await settle(el);
    expect(partText(el, 'elapsed')).toBe('Took under 1 sec');
    expect(partText(el, 'step-time')).toBe('under 1 sec');
  });

  it('holds the remaining time still during a stall, and counts again once events come', async () => {
    const feed = new TestFeed(
      'run-1',
      snapshot({}, { status: 'running', startedAt: iso(T0 - 60_000), etaMs: 300_000, etaAt: iso(T0) }),
    );
    feed.set({ lastEventAt: T0 });
    const { el, clock } = await mount(feed, { attrs: { 'stall-after': '20' } });
    expect(partText(el, 'eta')).toBe('About 5 min left');
    clock.advance(20_000);
    await settle(el);
    expect(partText(el, 'stall')).toBe('No update for 20 sec');
    const atStall = partText(el, 'eta');
    expect(atStall).toBe('About 4 min, 40 sec left');
    clock.advance(60_000);
    await settle(el);
    expect(partText(el, 'stall')).toBe('No update for 1 min, 20 sec');
    expect(partText(el, 'eta')).toBe(atStall);
    // Back in touch: the backend's estimate counts from its own time again.
    feed.set({ lastEventAt: clock.now() });
    await settle(el);
    expect(partText(el, 'stall')).toBeUndefined();
    expect(partText(el, 'eta')).toBe('About 3 min, 40 sec left');
  });
});
