/**
 * `collapse-finished`: phase groups fold as their phases finish and when the run ends, as in
 * GitHub Actions' log, except the group the run failed in; a group the reader opens stays open.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunLogTail } from '../../../src/components/run-log-tail/run-log-tail.js';
import { mount, settle } from './helpers.js';
import { TestFeed, type LineInput } from './test-feed.js';

afterEach(() => document.body.replaceChildren());

const lines = (phase: string, n = 3): LineInput[] =>
  Array.from({ length: n }, (_, i) => ({ text: `${phase} ${i}`, phase }));
const collapsed = (el: RunLogTail) => el.phaseGroups.map((g) => `${g.phase}:${g.collapsed ? 'closed' : 'open'}`);

describe('<run-log-tail collapse-finished>', () => {
  it('folds a phase when the next one starts, and every phase when the run succeeds', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.collapseFinished = true));
    feed.append(lines('fetch'));
    await settle(el);
    expect(collapsed(el)).toEqual(['fetch:open']);
    feed.append(lines('score'));
    await settle(el);
    expect(collapsed(el)).toEqual(['fetch:closed', 'score:open']);
    feed.setRun({ status: 'succeeded', endedAt: '2026-11-25T10:05:00.000Z' });
    await settle(el);
    expect(collapsed(el)).toEqual(['fetch:closed', 'score:closed']);
  });

  it('keeps the failed phase open', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.collapseFinished = true));
    feed.append([...lines('fetch'), ...lines('score'), ...lines('export')]);
    feed.setRun({ status: 'failed', error: { message: 'boom', phase: 'score' }, endedAt: '2026-11-25T10:05:00.000Z' });
    await settle(el);
    expect(collapsed(el)).toEqual(['fetch:closed', 'score:open', 'export:closed']);
  });

  it('leaves a group the reader opened again open', async () => {
    const feed = new TestFeed();
    const el = await mount(feed, (e) => (e.collapseFinished = true));
    feed.append([...lines('fetch'), ...lines('score')]);
    await settle(el);
    el.toggleGroup(el.phaseGroups[0]!.key, true);
    feed.append(lines('export'));
    feed.setRun({ status: 'succeeded', endedAt: '2026-11-25T10:05:00.000Z' });
    await settle(el);
    expect(collapsed(el)).toEqual(['fetch:open', 'score:closed', 'export:closed']);
  });

  it('folds nothing without the attribute', async () => {
    const feed = new TestFeed();
    const el = await mount(feed);
    feed.append([...lines('fetch'), ...lines('score')]);
    feed.setRun({ status: 'succeeded', endedAt: '2026-11-25T10:05:00.000Z' });
    await settle(el);
    expect(collapsed(el)).toEqual(['fetch:open', 'score:open']);
  });
});
