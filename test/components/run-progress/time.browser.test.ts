import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, mount, partText, settle } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

afterEach(cleanup);

const running = (patch = {}) =>
  snapshot({}, { status: 'running', startedAt: iso(T0 - 30_000), phase: 'crunch', ...patch });

describe('elapsed time', () => {
  it('ticks once a second while running and stops ticking when the run ends', async () => {
    const feed = new TestFeed('run-1', running());
    const { el, clock } = await mount(feed);
    expect(partText(el, 'elapsed')).toBe('Elapsed 30 sec');
    clock.advance(1_000);
    await settle(el);
    expect(partText(el, 'elapsed')).toBe('Elapsed 31 sec');
    for (let i = 0; i < 4; i++) {
      clock.advance(1_000);
      await settle(el);
    }
    expect(partText(el, 'elapsed')).toBe('Elapsed 35 sec');
    feed.patchRun({ status: 'succeeded', endedAt: iso(T0 + 5_000) });
    await settle(el);
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    await settle(el);
    expect(partText(el, 'elapsed')).toBe('Took 35 sec');
  });

  it('touches only the elapsed text on a tick', async () => {
    const { el, clock } = await mount(new TestFeed('run-1', running({ percent: 2 })));
    const changed: Node[] = [];
    const observer = new MutationObserver((records) => changed.push(...records.map((r) => r.target)));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    clock.advance(1_000);
    await settle(el);
    observer.disconnect();
    const elapsed = el.shadowRoot!.querySelector('[part="elapsed"]')!;
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((node) => elapsed.contains(node))).toBe(true);
  });

  it('leaves the checklist alone when only the percent moves', async () => {
    const steps = Array.from({ length: 50 }, (_, i) => ({ key: `step_${i}`, state: 'waiting' as const }));
    const feed = new TestFeed('run-1', running({ percent: 10, steps }));
    const { el } = await mount(feed);
    const list = el.shadowRoot!.querySelector('[part="steps"]')!;
    const changed: Node[] = [];
    const observer = new MutationObserver((records) => changed.push(...records.map((r) => r.target)));
    observer.observe(el.shadowRoot!, { subtree: true, childList: true, characterData: true, attributes: true });
    for (let p = 11; p < 20; p++) {
      feed.patchRun({ percent: p });
      await settle(el);
    }
    observer.disconnect();
    expect(partText(el, 'percent')).toBe('19%');
    expect(changed.filter((node) => list.contains(node))).toEqual([]);
  });

  it('stops its timer when the element leaves the page', async () => {
    const { el, clock } = await mount(new TestFeed('run-1', running()));
    expect(clock.pending).toBe(1);
    el.remove();
    await Promise.resolve();
    expect(clock.pending).toBe(0);
  });
});

describe('ETA', () => {
  it('counts down the backend ETA from when it was stated', async () => {
    const feed = new TestFeed('run-1', running({ percent: 30, etaMs: 120_000, etaAt: iso(T0 - 20_000) }));
    const { el, clock } = await mount(feed);
    expect(partText(el, 'eta')).toBe('About 1 min, 40 sec left');
    clock.advance(40_000);
    await settle(el);
    expect(partText(el, 'eta')).toBe('About 1 min left');
  });

  it('says "taking longer" once the backend ETA has passed, instead of 0 s', async () => {
    const feed = new TestFeed('run-1', running({ percent: 99, etaMs: 5_000, etaAt: iso(T0 - 20_000) }));
    const { el } = await mount(feed);
    expect(partText(el, 'eta')).toBe('Taking longer than usual');
  });

  it('estimates from progress so far, hidden while it would be noise', async () => {
    const feed = new TestFeed('run-1', running({ percent: 3, startedAt: iso(T0 - 30_000) }));
    const { el } = await mount(feed);
    expect(partText(el, 'eta')).toBeUndefined();
    feed.patchRun({ percent: 25 });
    await settle(el);
    // 30 s for 25 %: 90 s more at this rate.
    expect(partText(el, 'eta')).toBe('About 1 min, 30 sec left');
    feed.patchRun({ percent: 50, startedAt: iso(T0 - 5_000) });
    await settle(el);
    expect(partText(el, 'eta')).toBeUndefined();
  });

  it('uses earlier runs for per-step estimates and says when a step takes longer than usual', async () => {
    const run = running({
      startedAt: iso(T0 - 50_000),
      steps: [
        { key: 'fetch', state: 'done', startedAt: iso(T0 - 50_000), endedAt: iso(T0 - 30_000) },
        { key: 'score', state: 'running', startedAt: iso(T0 - 30_000) },
        { key: 'export', state: 'waiting' },
      ],
      estimate: { basedOn: 12, stepsMs: { fetch: 20_000, score: 60_000, export: 120_000 } },
    });
    const feed = new TestFeed('run-1', run);
    const { el, clock } = await mount(feed);
    expect(partText(el, 'step-running')).toBe('Score, Running about 30 sec left');
    expect(partText(el, 'step-waiting')).toBe('Export, Waiting usually 2 min');
    expect(partText(el, 'eta')).toBe('About 2 min, 30 sec left');
    clock.advance(50_000);
    await settle(el);
    expect(partText(el, 'step-running')).toBe('Score, Running Taking longer than usual');
    expect(partText(el, 'eta')).toBe('Taking longer than usual');
  });
});

describe('stall warning', () => {
  it('warns with how long nothing came, after stall-after seconds, and clears on the next event', async () => {
    const feed = new TestFeed('run-1', running());
    feed.set({ lastEventAt: T0 });
    const { el, clock } = await mount(feed, { attrs: { 'stall-after': '20' } });
    expect(partText(el, 'stall')).toBeUndefined();
    clock.advance(19_000);
    await settle(el);
    expect(partText(el, 'stall')).toBeUndefined();
    clock.advance(1_000);
    await settle(el);
    expect(partText(el, 'stall')).toBe('No update for 20 sec');
    clock.advance(45_000);
    await settle(el);
    expect(partText(el, 'stall')).toBe('No update for 1 min, 5 sec');
    feed.patchRun({ message: 'alive' }, clock.now());
    await settle(el);
    expect(partText(el, 'stall')).toBeUndefined();
  });

  it('defaults to 60 seconds and never shows for a finished run', async () => {
    const feed = new TestFeed('run-1', running());
    feed.set({ lastEventAt: T0 });
    const { el, clock } = await mount(feed);
    clock.advance(59_000);
    await settle(el);
    expect(partText(el, 'stall')).toBeUndefined();
    clock.advance(1_000);
    await settle(el);
    expect(partText(el, 'stall')).toBe('No update for 1 min');
    feed.patchRun({ status: 'succeeded', endedAt: iso(clock.now()) });
    await settle(el);
    expect(partText(el, 'stall')).toBeUndefined();
  });

  it('can be turned off with stall-after="0"', async () => {
    const feed = new TestFeed('run-1', running());
    feed.set({ lastEventAt: T0 - 3_600_000 });
    const { el } = await mount(feed, { attrs: { 'stall-after': '0' } });
    expect(partText(el, 'stall')).toBeUndefined();
  });
});

describe('connection indicator', () => {
  it.each([
    [{ status: 'live', transport: 'websocket', attempt: 0 }, 'live', 'Live (WebSocket)'],
    [{ status: 'live', transport: 'sse', attempt: 0 }, 'live', 'Live (SSE)'],
    [{ status: 'live', transport: 'polling', attempt: 0 }, 'polling', 'Polling'],
    [{ status: 'connecting', attempt: 0 }, 'connecting', 'Connecting…'],
    [{ status: 'offline', attempt: 2 }, 'offline', 'Offline'],
    [{ status: 'unauthorized', attempt: 1 }, 'unauthorized', 'Not authorized'],
  ] as const)('shows %o as %s', async (connection, kind, words) => {
    const { el } = await mount(new TestFeed('run-1', running(), { ...connection }));
    const node = el.shadowRoot!.querySelector('[part="connection"]')!;
    expect(node.getAttribute('data-kind')).toBe(kind);
    expect(partText(el, 'connection')).toBe(words);
  });

  it('counts down to the next reconnect attempt', async () => {
    const feed = new TestFeed('run-1', snapshot(), { status: 'reconnecting', attempt: 3, nextRetryAt: T0 + 4_500 });
    const { el, clock } = await mount(feed);
    expect(partText(el, 'connection')).toBe('Reconnecting in 5 sec');
    clock.advance(2_000);
    await settle(el);
    expect(partText(el, 'connection')).toBe('Reconnecting in 3 sec');
    clock.advance(3_000);
    await settle(el);
    expect(partText(el, 'connection')).toBe('Reconnecting…');
  });

  it('says why the feed stopped when the run cannot be shown', async () => {
    const feed = new TestFeed('run-9', undefined, { status: 'stopped', attempt: 0 });
    feed.set({ problem: { type: 'urn:problem:not-found', title: 'Run not found', status: 404 } });
    const { el } = await mount(feed);
    expect(partText(el, 'error')).toBe('Cannot show this run: Run not found');
    expect(partText(el, 'connection')).toBe('Not updating');
  });
});
