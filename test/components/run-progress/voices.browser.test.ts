/**
 * A page with several runs, or one run shown twice: each element names its run, and each
 * announcement is heard once, by whichever element showing that run joined the page first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/components/run-log-tail/run-log-tail.js';
import type { RunLogTail } from '../../../src/components/run-log-tail/run-log-tail.js';
import { settle as settleLog } from '../run-log-tail/helpers.js';
import { TestFeed as LogFeed } from '../run-log-tail/test-feed.js';
import { cleanup, mount, settle } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

afterEach(cleanup);

const region = (el: Element) => el.shadowRoot!.querySelector('[role="status"]')?.textContent?.trim() ?? '';
const logRegion = (el: Element) => el.shadowRoot!.querySelector('[aria-live="polite"]')?.textContent?.trim() ?? '';
const running = (id = 'run-1', title?: string) =>
  snapshot({ id, ...(title ? { title } : {}) }, { status: 'running', phase: 'a', startedAt: iso(T0) });

async function logTail(feed: LogFeed): Promise<RunLogTail> {
  const el = document.createElement('run-log-tail');
  el.feed = feed;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

describe('naming the run', () => {
  it("names the group, the bar and the announcements with the run's title", async () => {
    const feed = new TestFeed('run-7', running('run-7', 'Nightly import'));
    const { el } = await mount(feed);
    const root = el.shadowRoot!;
    expect(root.querySelector('[part="base"]')?.getAttribute('aria-label')).toBe('Run Nightly import');
    expect(root.querySelector('[role="progressbar"]')?.getAttribute('aria-label')).toBe('Progress of Nightly import');
    feed.patchRun({ phase: 'b' });
    await settle(el);
    expect(region(el)).toBe('Run Nightly import: B');
  });

  it('gives two bars on one page two names', async () => {
    const { el: a } = await mount(new TestFeed('run-1', running('run-1')));
    const { el: b } = await mount(new TestFeed('run-2', running('run-2')));
    const names = [a, b].map((el) => el.shadowRoot!.querySelector('[role="progressbar"]')?.getAttribute('aria-label'));
    expect(names).toEqual(['Progress of run-1', 'Progress of run-2']);
  });

  it("names the log region with the run, and says the run's name in its announcements", async () => {
    const feed = new LogFeed({ runId: 'run-9' });
    const el = await logTail(feed);
    expect(el.shadowRoot!.querySelector('[role="log"]')?.getAttribute('aria-label')).toBe('Log of run-9');
    feed.setConnection({ status: 'reconnecting', attempt: 1 });
    await settleLog(el);
    expect(logRegion(el)).toBe('Run run-9: Reconnecting…');
  });
});

describe('one voice per run', () => {
  it('announces a step once when a row and a detail panel show the same run', async () => {
    const feed = new TestFeed('run-1', running());
    const { el: row } = await mount(feed, { attrs: { layout: 'compact' } });
    const { el: panel } = await mount(feed);
    feed.patchRun({ phase: 'b' });
    await settle(row);
    await settle(panel);
    expect([region(row), region(panel)]).toEqual(['Run run-1: B', '']);
  });

  it('hands the voice to the next element when the speaker leaves', async () => {
    const feed = new TestFeed('run-1', running());
    const { el: row, clock } = await mount(feed);
    const { el: panel } = await mount(feed, { clock });
    row.remove();
    feed.patchRun({ phase: 'b' });
    await settle(panel);
    expect(region(panel)).toBe('Run run-1: B');
  });

  it('lets an element that says every step speak when the first one says only the end', async () => {
    const feed = new TestFeed('run-1', running());
    const { el: quiet, clock } = await mount(feed, { attrs: { announce: 'end' } });
    const { el: full } = await mount(feed, { clock });
    feed.patchRun({ phase: 'b' });
    await settle(full);
    expect([region(quiet), region(full)]).toEqual(['', 'Run run-1: B']);
    clock.advance(6_000);
    feed.patchRun({ status: 'succeeded', endedAt: iso(T0) });
    await settle(quiet);
    await settle(full);
    expect([region(quiet), region(full)]).toEqual(['Run run-1: Run succeeded', 'Run run-1: B']);
  });

  it('says a lost connection once when <run-progress> and <run-log-tail> show the same run', async () => {
    const progressFeed = new TestFeed('run-1', running());
    const { el: progress } = await mount(progressFeed);
    const logFeed = new LogFeed({ runId: 'run-1' });
    const log = await logTail(logFeed);
    progressFeed.set({ connection: { status: 'reconnecting', attempt: 1 } });
    logFeed.setConnection({ status: 'reconnecting', attempt: 1 });
    await settle(progress);
    await settleLog(log);
    expect([region(progress), logRegion(log)]).toEqual(['Run run-1: Reconnecting…', '']);
  });

  it('still says the steps when a <run-log-tail> of the run joined the page first', async () => {
    const log = await logTail(new LogFeed({ runId: 'run-1' }));
    const feed = new TestFeed('run-1', running());
    const { el } = await mount(feed);
    feed.patchRun({ phase: 'b' });
    await settle(el);
    expect(region(el)).toBe('Run run-1: B');
    expect(logRegion(log)).not.toContain('B');
  });

  it('says a lost connection and its return when <run-progress> is alone', async () => {
    const feed = new TestFeed('run-1', running());
    const { el, clock } = await mount(feed);
    feed.set({ connection: { status: 'reconnecting', attempt: 1 } });
    await settle(el);
    expect(region(el)).toBe('Run run-1: Reconnecting…');
    clock.advance(6_000);
    feed.set({ connection: { status: 'live', attempt: 0, transport: 'websocket' } });
    await settle(el);
    expect(region(el)).toBe('Run run-1: Live (WebSocket)');
  });
});
