/**
 * Bidirectional controls in a run's text (issue 13, item 9): a right-to-left override in a
 * label, phase, message, step or error is drawn as a visible `<U+202E>` marker, never as the
 * character itself, so `gnp.exe` cannot show as `exe.png`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../../src/contract/index.js';
import type { RunProgress } from '../../../src/components/run-progress/run-progress.js';
import { cleanup, mount, partText } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

afterEach(cleanup);

const RLO = '\u202e';
const CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
const tricky = (what: string) => `${what} g${RLO}np.exe`;

function running(): RunSnapshot {
  return snapshot(
    {},
    {
      status: 'running',
      startedAt: iso(T0 - 60_000),
      phase: 'upload',
      phaseLabel: tricky('phase'),
      message: tricky('message'),
      percent: 10,
      steps: [
        { key: 'upload', label: tricky('step'), state: 'running', startedAt: iso(T0 - 60_000) },
        { key: 'next', label: 'next\u2066x\u2069', state: 'waiting' },
      ],
    },
  );
}

function failed(): RunSnapshot {
  return {
    ...running(),
    status: 'failed',
    endedAt: iso(T0),
    error: { message: tricky('error'), phase: 'upload' },
  };
}

/** Everything the element put in its shadow tree, markup and attributes included. */
function markup(el: RunProgress): string {
  return el.shadowRoot?.innerHTML ?? '';
}

function markers(el: RunProgress): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="bidi-control"]') ?? [])];
}

describe('<run-progress> with bidirectional controls in the run', () => {
  it('shows them as visible markers in phase, message, steps and run id, never as the character', async () => {
    const { el } = await mount(new TestFeed(`run${RLO}1`, running()));
    expect(CONTROLS.test(markup(el))).toBe(false);
    expect(partText(el, 'phase')).toBe('phase g<U+202E>np.exe');
    expect(partText(el, 'message')).toBe('message g<U+202E>np.exe');
    expect(partText(el, 'step-running')).toContain('step g<U+202E>np.exe');
    expect(partText(el, 'run-id')).toContain('run<U+202E>1');
    expect(el.shadowRoot?.textContent).toContain('next<U+2066>x<U+2069>');
    const marker = markers(el)[0];
    expect(marker?.textContent).toBe('<U+202E>');
    // Styled apart from the text around it.
    expect(getComputedStyle(marker as HTMLElement).borderStyle).toBe('dashed');
    // Attributes too: the bar's value text and the group's name hold markers, not controls.
    const bar = el.shadowRoot?.querySelector('[role="progressbar"]');
    expect(bar?.getAttribute('aria-valuetext')).toContain('phase g<U+202E>np.exe');
    expect(el.shadowRoot?.querySelector('[part="base"]')?.getAttribute('aria-label')).toContain('<U+202E>');
  });

  it('shows them in the error and in the compact layout', async () => {
    const full = await mount(new TestFeed('run-1', failed()));
    expect(CONTROLS.test(markup(full.el))).toBe(false);
    expect(partText(full.el, 'error')).toContain('error g<U+202E>np.exe');
    cleanup();
    const compact = await mount(new TestFeed('run-1', failed()), { attrs: { layout: 'compact' }, width: '600px' });
    expect(CONTROLS.test(markup(compact.el))).toBe(false);
    expect(partText(compact.el, 'error')).toContain('error g<U+202E>np.exe');
    expect(compact.el.shadowRoot?.querySelector('[part~="error"]')?.getAttribute('title')).toContain('<U+202E>');
  });
});
