import { afterEach, describe, expect, it } from 'vitest';
import type { RunErrorEvent } from '../../../src/components/events/index.js';
import { RunCompleteEvent, RunStatusChangeEvent } from '../../../src/components/events/index.js';
import { cleanup, mount, settle } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

afterEach(cleanup);

function record(target: EventTarget): Event[] {
  const seen: Event[] = [];
  for (const type of ['run-status-change', 'run-complete', 'run-error'])
    target.addEventListener(type, (e) => seen.push(e));
  return seen;
}

describe('events', () => {
  it('fires run-status-change on first sight and on each change, then run-complete once', async () => {
    const seen = record(document);
    const feed = new TestFeed('run-1', snapshot());
    const { el } = await mount(feed);
    feed.fold([{ type: 'status', status: 'running', time: iso(T0) }]);
    await settle(el);
    feed.fold([{ type: 'progress', phase: 'a', percent: 50, time: iso(T0) }]);
    await settle(el);
    feed.fold([{ type: 'status', status: 'succeeded', time: iso(T0) }]);
    await settle(el);
    feed.set({ connection: { status: 'stopped', attempt: 0 } });
    await settle(el);
    expect(seen.map((e) => e.type)).toEqual([
      'run-status-change',
      'run-status-change',
      'run-status-change',
      'run-complete',
    ]);
    const changes = seen.filter((e): e is RunStatusChangeEvent => e instanceof RunStatusChangeEvent);
    expect(changes.map((e) => [e.previous, e.status])).toEqual([
      [undefined, 'queued'],
      ['queued', 'running'],
      ['running', 'succeeded'],
    ]);
    const complete = seen[3] as RunCompleteEvent;
    expect(complete).toBeInstanceOf(RunCompleteEvent);
    expect(complete.status).toBe('succeeded');
    expect(complete.run.percent).toBe(100);
    // Bubbling and composed: a listener on the document hears them from inside any shadow root.
    expect(seen.every((e) => e.bubbles && e.composed)).toBe(true);
  });

  it('fires run-error with the error and phase when the run fails', async () => {
    const feed = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'score', startedAt: iso(T0) }));
    const { el } = await mount(feed);
    const seen = record(el);
    feed.fold([{ type: 'status', status: 'failed', error: { message: 'Boom' }, time: iso(T0) }]);
    await settle(el);
    expect(seen.map((e) => e.type)).toEqual(['run-status-change', 'run-error', 'run-complete']);
    const error = seen[1] as RunErrorEvent;
    expect(error.error).toEqual({ message: 'Boom', phase: 'score' });
    expect(error.problem).toBeUndefined();
  });

  it('fires run-error once when the feed stops with a problem', async () => {
    const feed = new TestFeed('run-1', undefined, { status: 'connecting', attempt: 0 });
    const { el } = await mount(feed);
    const seen = record(el);
    const problem = { type: 'urn:problem:unauthorized', title: 'Unauthorized', status: 401 };
    feed.set({ connection: { status: 'unauthorized', attempt: 1 }, problem });
    await settle(el);
    feed.set({ malformed: 1 });
    await settle(el);
    expect(seen.map((e) => e.type)).toEqual(['run-error']);
    expect((seen[0] as RunErrorEvent).problem).toEqual(problem);
  });

  it('fires for a run that had already ended on first sight, once', async () => {
    const feed = new TestFeed('run-1', snapshot({}, { status: 'cancelled', endedAt: iso(T0) }));
    const seen = record(document);
    const { el } = await mount(feed);
    feed.set({ connection: { status: 'stopped', attempt: 0 } });
    await settle(el);
    expect(seen.map((e) => e.type)).toEqual(['run-status-change', 'run-complete']);
  });
});

describe('the bar never goes backwards', () => {
  const shown = (el: Element) => {
    const bar = el.shadowRoot!.querySelector('[role="progressbar"]')!;
    return { now: bar.getAttribute('aria-valuenow'), width: (bar.firstElementChild as HTMLElement).style.inlineSize };
  };

  it('holds the highest percent within a phase, resets on a new phase or run', async () => {
    const feed = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'a', percent: 40 }));
    const { el } = await mount(feed);
    expect(shown(el)).toEqual({ now: '40', width: '40%' });
    feed.patchRun({ percent: 35 });
    await settle(el);
    expect(shown(el)).toEqual({ now: '40', width: '40%' });
    // Percent unknown for a moment within the phase: keep what was shown, do not flicker.
    feed.patchRun({ percent: undefined });
    await settle(el);
    expect(shown(el)).toEqual({ now: '40', width: '40%' });
    feed.patchRun({ percent: 41.5 });
    await settle(el);
    expect(shown(el)).toEqual({ now: '41', width: '41.5%' });
    feed.patchRun({ phase: 'b', percent: 5 });
    await settle(el);
    expect(shown(el)).toEqual({ now: '5', width: '5%' });
    feed.set({ run: snapshot({ id: 'run-2' }, { status: 'running', phase: 'b', percent: 1 }) });
    await settle(el);
    expect(shown(el)).toEqual({ now: '1', width: '1%' });
  });

  it('starts over when the feed reloads the run from an older snapshot', async () => {
    const feed = new TestFeed('run-1', snapshot({}, { status: 'running', phase: 'a', percent: 60, seq: 40 }));
    const { el } = await mount(feed);
    feed.patchRun({ percent: 20, seq: 12 });
    await settle(el);
    expect(shown(el).now).toBe('20');
  });
});
