/**
 * A long checklist folds to the steps around the current one, so thirty steps do not push
 * the page down 850 px; a button shows them all, and the current or failed step is always in view.
 */
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../src/contract/index.js';
import { cleanup, mount, settle } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

afterEach(cleanup);

type StepState = RunSnapshot['steps'][number]['state'];

function run(count: number, stateOf: (i: number) => StepState, status: RunSnapshot['status'] = 'running'): RunSnapshot {
  const steps = Array.from({ length: count }, (_, i) => ({
    key: `s${i + 1}`,
    label: `Shard ${i + 1}`,
    state: stateOf(i),
  }));
  return snapshot({}, { status, startedAt: iso(T0 - 60_000), phase: 's1', steps });
}

const rows = (root: ShadowRoot) =>
  [...root.querySelectorAll('[part~="step"] [part="step-label"]')].map((e) =>
    (e.textContent ?? '').split(',')[0]?.trim(),
  );
const more = (root: ShadowRoot) => [...root.querySelectorAll('[part="steps-more"]')].map((e) => e.textContent?.trim());

describe('<run-progress> long checklists', () => {
  it('shows the steps around the current one, with how many come before and after', async () => {
    const { root } = await mount(
      new TestFeed(
        'run-1',
        run(30, (i) => (i < 11 ? 'done' : i === 11 ? 'running' : 'waiting')),
      ),
    );
    expect(rows(root)).toEqual(['Shard 11', 'Shard 12', 'Shard 13', 'Shard 14', 'Shard 15']);
    expect(more(root)).toEqual(['10 earlier steps', '15 later steps']);
    const toggle = root.querySelector<HTMLButtonElement>('[part="steps-toggle"]')!;
    expect(toggle.textContent?.trim()).toBe('Show all 30 steps');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('unfolds and folds again with its button', async () => {
    const { el, root } = await mount(
      new TestFeed(
        'run-1',
        run(30, (i) => (i < 11 ? 'done' : i === 11 ? 'running' : 'waiting')),
      ),
    );
    const toggle = root.querySelector<HTMLButtonElement>('[part="steps-toggle"]')!;
    toggle.click();
    await settle(el);
    expect(rows(root)).toHaveLength(30);
    expect(more(root)).toEqual([]);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.textContent?.trim()).toBe('Show fewer steps');
    toggle.click();
    await settle(el);
    expect(rows(root)).toHaveLength(5);
  });

  it('keeps the failed step in view, and shows the last steps of a finished run', async () => {
    const failed = await mount(
      new TestFeed(
        'run-1',
        run(30, (i) => (i < 19 ? 'done' : i === 19 ? 'failed' : 'waiting'), 'failed'),
      ),
    );
    expect(rows(failed.root)).toContain('Shard 20');
    cleanup();
    const done = await mount(
      new TestFeed(
        'run-1',
        run(30, () => 'done', 'succeeded'),
      ),
    );
    expect(rows(done.root)).toEqual(['Shard 26', 'Shard 27', 'Shard 28', 'Shard 29', 'Shard 30']);
    expect(more(done.root)).toEqual(['25 earlier steps']);
  });

  it('shows a checklist of 8 whole, with no button', async () => {
    const { root } = await mount(
      new TestFeed(
        'run-1',
        run(8, (i) => (i < 3 ? 'done' : i === 3 ? 'running' : 'waiting')),
      ),
    );
    expect(rows(root)).toHaveLength(8);
    expect(root.querySelector('[part="steps-toggle"]')).toBeNull();
  });

  it('stays short and accessible folded', async () => {
    const { el } = await mount(
      new TestFeed(
        'run-1',
        run(30, (i) => (i < 11 ? 'done' : i === 11 ? 'running' : 'waiting')),
      ),
      {
        width: '390px',
      },
    );
    expect(el.getBoundingClientRect().height).toBeLessThan(360);
    const result = await axe.run(el, { resultTypes: ['violations'] });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
