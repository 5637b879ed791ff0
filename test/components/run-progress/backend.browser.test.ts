/**
 * `<run-progress base-url run-id>` against the real reference backend (started by the
 * browser project's global setup): the element opens its own feed with `watchRun`, and a
 * producer's appends show up in it.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { RunCompleteEvent } from '../../../src/components/events/run-complete-event.js';
import type { RunEventInput } from '../../../src/contract/index.js';
import '../../../src/components/run-progress/run-progress.js';
import { cleanup, partText } from './fixture.js';

afterEach(cleanup);

const apiBase = inject('apiBase');

async function call(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${apiBase}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

const append = (runId: string, events: RunEventInput[]) => call(`/runs/${runId}/events`, { events });
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe('<run-progress> on the reference backend', () => {
  it('shows a run as the producer reports it, through to failure', async () => {
    const runId = `rp-${crypto.randomUUID().slice(0, 8)}`;
    await call('/runs', { id: runId, kind: 'element-test', steps: [{ key: 'fetch_data' }, { key: 'underwriting' }] });

    const el = document.createElement('run-progress');
    el.setAttribute('base-url', apiBase);
    el.setAttribute('run-id', runId);
    el.setAttribute('labels', JSON.stringify({ underwriting: 'Running underwriting checks' }));
    const completed: RunCompleteEvent[] = [];
    el.addEventListener('run-complete', (e) => completed.push(e));
    document.body.append(el);

    await until(() => expect(partText(el, 'status')).toBe('Queued'));
    expect(partText(el, 'run-id')).toBe(`Run ${runId}`);

    await append(runId, [
      {
        type: 'progress',
        phase: 'underwriting',
        percent: 40,
        message: '<img src=x onerror="window.__xss=1">',
        steps: [
          { key: 'fetch_data', state: 'done' },
          { key: 'underwriting', state: 'running' },
        ],
      },
    ]);
    await until(() => expect(partText(el, 'percent')).toBe('40%'));
    expect(partText(el, 'status')).toBe('Running');
    expect(partText(el, 'phase')).toBe('Running underwriting checks');
    expect(partText(el, 'message')).toBe('<img src=x onerror="window.__xss=1">');
    expect(el.shadowRoot!.querySelector('img')).toBeNull();
    expect(el.shadowRoot!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuetext')).toBe(
      'Step 2 of 2: Running underwriting checks, 40%',
    );
    expect(el.shadowRoot!.querySelector('[part="connection"]')!.getAttribute('data-kind')).toMatch(/^(live|polling)$/);

    await append(runId, [{ type: 'status', status: 'failed', error: { message: 'Scoring model unavailable' } }]);
    await until(() => expect(partText(el, 'status')).toBe('Failed'));
    expect(partText(el, 'error')).toBe('Failed during “Running underwriting checks” Scoring model unavailable');
    await until(() => expect(completed.map((e) => e.status)).toEqual(['failed']));
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it('keeps following a run while the element is moved on the page', async () => {
    const runId = `rp-${crypto.randomUUID().slice(0, 8)}`;
    await call('/runs', { id: runId });
    const el = document.createElement('run-progress');
    el.setAttribute('base-url', apiBase);
    el.setAttribute('run-id', runId);
    const a = document.createElement('div');
    const b = document.createElement('div');
    document.body.append(a, b);
    a.append(el);
    await until(() => expect(partText(el, 'status')).toBe('Queued'));
    b.append(el);
    await append(runId, [{ type: 'progress', phase: 'moved', percent: 70 }]);
    await until(() => expect(partText(el, 'percent')).toBe('70%'));
    expect(partText(el, 'phase')).toBe('Moved');
  });

  it('passes feedOptions to the feed it opens: polling only, shown as such', async () => {
    const runId = `rp-${crypto.randomUUID().slice(0, 8)}`;
    await call('/runs', { id: runId });
    const el = document.createElement('run-progress');
    // watchRun shares one client per base URL, token getter and credentials: distinct
    // credentials give this test its own client, so `transport` is not ignored.
    el.feedOptions = { transport: 'polling', credentials: 'omit' };
    el.setAttribute('base-url', apiBase);
    el.setAttribute('run-id', runId);
    document.body.append(el);
    await append(runId, [{ type: 'progress', phase: 'polled', percent: 30 }]);
    await until(() => expect(partText(el, 'percent')).toBe('30%'));
    await until(() => expect(partText(el, 'connection')).toBe('Polling'));
  });
});
