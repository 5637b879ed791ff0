import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, mount, partText, settle, text } from './fixture.js';
import { iso, snapshot, T0, TestFeed } from './test-feed.js';

const steps = [{ key: 'fetch_data', label: 'Fetch data' }, { key: 'underwriting' }, { key: 'export_reports' }];

afterEach(cleanup);

describe('<run-progress> shows what the feed says', () => {
  it('shows a loading state until the first snapshot, then the run', async () => {
    const feed = new TestFeed('run-7');
    const { el } = await mount(feed);
    expect(text(el)).toContain('Run run-7');
    expect(text(el)).toContain('Loading');
    feed.set({ run: snapshot({ id: 'run-7', steps }) });
    await settle(el);
    expect(partText(el, 'status')).toBe('Queued');
    expect(text(el)).not.toContain('Loading');
  });

  it('shows a queued run with all steps waiting and no timers', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps }));
    const { el, clock } = await mount(feed);
    expect(partText(el, 'status')).toBe('Queued');
    expect(el.shadowRoot!.querySelectorAll('[part~="step-waiting"]')).toHaveLength(3);
    // When it was queued, as a wall-clock time in the page's time zone: nothing ticks.
    const time = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(T0);
    expect(partText(el, 'elapsed')).toBe(`Queued since ${time}`);
    expect(clock.pending).toBe(0);
  });

  it('shows phase words, message, percent and a determinate bar while running', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps }));
    const { el } = await mount(feed, {
      attrs: { labels: JSON.stringify({ underwriting: 'Running underwriting checks' }) },
    });
    feed.fold([
      { type: 'status', status: 'running', time: iso(T0 - 60_000) },
      {
        type: 'progress',
        phase: 'underwriting',
        percent: 42,
        message: 'Scoring 120 000 rows',
        time: iso(T0 - 1_000),
        steps: [
          { key: 'fetch_data', state: 'done', startedAt: iso(T0 - 60_000), endedAt: iso(T0 - 30_000) },
          { key: 'underwriting', state: 'running' },
          { key: 'export_reports', state: 'waiting' },
        ],
      },
    ]);
    await settle(el);
    expect(partText(el, 'status')).toBe('Running');
    expect(partText(el, 'phase')).toBe('Running underwriting checks');
    expect(partText(el, 'message')).toBe('Scoring 120 000 rows');
    expect(partText(el, 'percent')).toBe('42%');
    expect(partText(el, 'elapsed')).toBe('Elapsed 1 min');
    const bar = el.shadowRoot!.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(bar.getAttribute('aria-valuetext')).toBe('Step 2 of 3: Running underwriting checks, 42%');
    expect(partText(el, 'step-done')).toContain('Fetch data');
    expect(partText(el, 'step-done')).toContain('30 sec');
  });

  it('shows an indeterminate bar without aria-valuenow when percent is unknown', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps }));
    const { el } = await mount(feed);
    feed.fold([{ type: 'progress', phase: 'fetch_data', time: iso(T0) }]);
    await settle(el);
    const bar = el.shadowRoot!.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('data-mode')).toBe('indeterminate');
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.getAttribute('aria-valuetext')).toBe('Step 1 of 3: Fetch data');
    expect(partText(el, 'percent')).toBeUndefined();
  });

  it('marks each step state with an icon and words, not colour alone', async () => {
    const run = snapshot(
      {},
      {
        status: 'running',
        startedAt: iso(T0 - 10_000),
        steps: [
          { key: 'a', state: 'done', startedAt: iso(T0 - 10_000), endedAt: iso(T0 - 8_000) },
          { key: 'b', state: 'skipped' },
          { key: 'c', state: 'failed', startedAt: iso(T0 - 8_000), endedAt: iso(T0 - 5_000) },
          { key: 'd', state: 'running', startedAt: iso(T0 - 5_000) },
          { key: 'e', state: 'waiting' },
        ],
      },
    );
    const { el } = await mount(new TestFeed('run-1', run));
    const items = [...el.shadowRoot!.querySelectorAll('li')];
    expect(items.map((li) => li.getAttribute('data-state'))).toEqual([
      'done',
      'skipped',
      'failed',
      'running',
      'waiting',
    ]);
    expect(items.map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim())).toEqual([
      'A, Done 2 sec',
      'B, Skipped',
      'C, Failed 3 sec',
      'D, Running',
      'E, Waiting',
    ]);
    // Each state has its own icon shape.
    const shapes = new Set(items.map((li) => li.querySelector('svg')!.innerHTML));
    expect(shapes.size).toBe(5);
  });

  it('updates a row when a resent checklist changes it, and re-formats rows for a new language', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps }));
    const { el } = await mount(feed);
    const checklist = (state: 'running' | 'done') => [
      { key: 'fetch_data', state, startedAt: iso(T0 - 90_000), ...(state === 'done' ? { endedAt: iso(T0) } : {}) },
      { key: 'underwriting', state: 'waiting' as const },
      { key: 'export_reports', state: 'waiting' as const },
    ];
    feed.fold([{ type: 'progress', phase: 'fetch_data', steps: checklist('running'), time: iso(T0 - 90_000) }]);
    await settle(el);
    feed.fold([{ type: 'progress', phase: 'fetch_data', steps: checklist('running'), time: iso(T0 - 50_000) }]);
    await settle(el);
    expect(partText(el, 'step-running')).toBe('Fetch data, Running');
    feed.fold([{ type: 'progress', phase: 'underwriting', steps: checklist('done'), time: iso(T0) }]);
    await settle(el);
    expect(partText(el, 'step-done')).toBe('Fetch data, Done 1 min, 30 sec');
    el.setAttribute('lang', 'de');
    await settle(el);
    expect(partText(el, 'step-done')).toMatch(/^Fetch data, Done 1 Min\., 30 Sek\.$/);
  });

  it('shows success with the whole bar and the total time', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps }));
    const { el } = await mount(feed);
    feed.fold([
      { type: 'progress', phase: 'fetch_data', percent: 10, time: iso(T0 - 90_000) },
      { type: 'status', status: 'succeeded', time: iso(T0 - 5_000) },
    ]);
    await settle(el);
    expect(partText(el, 'status')).toBe('Succeeded');
    expect(partText(el, 'percent')).toBe('100%');
    expect(partText(el, 'elapsed')).toBe('Took 1 min, 25 sec');
    expect(partText(el, 'connection')).toBeUndefined();
  });

  it('shows the error message and the phase it failed in', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps }));
    const { el } = await mount(feed, { attrs: { labels: '{"underwriting":"Underwriting"}' } });
    feed.fold([
      { type: 'progress', phase: 'underwriting', percent: 55, time: iso(T0 - 9_000) },
      { type: 'status', status: 'failed', error: { message: 'Model timed out after 300 s' }, time: iso(T0) },
    ]);
    await settle(el);
    expect(partText(el, 'status')).toBe('Failed');
    expect(partText(el, 'error')).toBe('Failed during “Underwriting” Model timed out after 300 s');
    expect(el.shadowRoot!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('55');
  });

  it('shows a cancelled run as cancelled, not failed', async () => {
    const feed = new TestFeed('run-1', snapshot({ steps }));
    const { el } = await mount(feed);
    feed.fold([
      { type: 'progress', phase: 'fetch_data', time: iso(T0 - 9_000) },
      { type: 'status', status: 'cancelled', time: iso(T0) },
    ]);
    await settle(el);
    expect(partText(el, 'status')).toBe('Cancelled');
    expect(partText(el, 'note')).toBe('This run was cancelled.');
    expect(partText(el, 'error')).toBeUndefined();
    expect(el.shadowRoot!.querySelector('[role="progressbar"]')!.getAttribute('data-mode')).toBe('idle');
  });

  it('renders hostile phase, message and error text as text', async () => {
    const evil = '<img src=x onerror="window.__xss=1">';
    const feed = new TestFeed('run-1', snapshot({ steps: [{ key: 'a', label: evil }] }));
    const { el } = await mount(feed);
    feed.fold([
      { type: 'progress', phase: 'p', label: evil, message: evil, time: iso(T0) },
      { type: 'status', status: 'failed', error: { message: evil, phase: evil }, time: iso(T0) },
    ]);
    await settle(el);
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
    expect(partText(el, 'phase')).toBe(evil);
    expect(partText(el, 'message')).toBe(evil);
    expect(partText(el, 'error')).toContain(evil);
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });
});

describe('labels', () => {
  it('prefers the page map, then the backend label, then a readable key', async () => {
    const run = snapshot(
      {},
      {
        status: 'running',
        phase: 'export_reports',
        phaseLabel: 'Exporting (backend words)',
        steps: [
          { key: 'fetch_data', state: 'done' },
          { key: 'scoreModel', state: 'running', label: 'Scoring (backend)' },
          { key: 'export_reports', state: 'waiting' },
        ],
      },
    );
    const { el } = await mount(new TestFeed('run-1', run));
    expect(partText(el, 'phase')).toBe('Exporting (backend words)');
    expect(
      [...el.shadowRoot!.querySelectorAll('[part="step-label"]')].map((n) => n.textContent!.split(',')[0]!.trim()),
    ).toEqual(['Fetch data', 'Scoring (backend)', 'Export reports']);
    el.labels = { export_reports: 'Writing the reports', scoreModel: 'Scoring' };
    await settle(el);
    expect(partText(el, 'phase')).toBe('Writing the reports');
    expect(partText(el, 'step-running')).toContain('Scoring');
    expect(partText(el, 'step-running')).not.toContain('backend');
  });

  it('ignores a labels attribute that is not a JSON object', async () => {
    const run = snapshot({}, { status: 'running', phase: 'export_reports' });
    const { el } = await mount(new TestFeed('run-1', run), { attrs: { labels: '{oops' } });
    expect(partText(el, 'phase')).toBe('Export reports');
  });

  it('takes any of its words from the strings property', async () => {
    const run = snapshot({}, { status: 'running', phase: 'a', percent: 20 });
    const { el } = await mount(new TestFeed('run-1', run));
    el.strings = { status: { running: 'En cours' }, run: (id) => `Tâche ${id}` };
    await settle(el);
    expect(partText(el, 'status')).toBe('En cours');
    expect(partText(el, 'run-id')).toBe('Tâche run-1');
    expect(partText(el, 'connection')).toBe('Live (WebSocket)');
  });

  it('formats numbers and durations in the element language', async () => {
    const run = snapshot({}, { status: 'running', phase: 'a', percent: 42, startedAt: iso(T0 - 125_000) });
    const { el } = await mount(new TestFeed('run-1', run), { attrs: { lang: 'fr' } });
    expect(partText(el, 'percent')).toBe('42 %');
    expect(partText(el, 'elapsed')).toMatch(/2 min.*5 s/);
    el.setAttribute('lang', 'de');
    await settle(el);
    expect(partText(el, 'percent')).toBe('42 %');
    expect(partText(el, 'elapsed')).toMatch(/2 Min.*5 Sek/);
  });
});
