/**
 * `<run-log-tail base-url run-id>` against the real reference backend (started by the
 * browser project's global setup): the element opens its own feed with `watchRun`, and a
 * producer's log lines show up in it, grouped, styled, and followed.
 */
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import type { RunEventInput } from '../../../src/contract/index.js';
import { lineText, scroller, settle, userScrollTo, visibleSeqs } from './helpers.js';

afterEach(() => {
  document.body.replaceChildren();
});

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
const logs = (from: number, count: number, phase: string): RunEventInput[] =>
  Array.from({ length: count }, (_, i) => ({ type: 'log', text: `\x1b[36m${phase}\x1b[0m line ${from + i}`, phase }));

describe('<run-log-tail> on the reference backend', () => {
  it('follows a run, pauses on scroll-up, resumes, and opens the failing phase', async () => {
    const runId = `lt-${crypto.randomUUID().slice(0, 8)}`;
    await call('/runs', { id: runId, steps: [{ key: 'fetch_data' }, { key: 'export_reports' }] });
    const el = document.createElement('run-log-tail');
    el.style.setProperty('--run-log-height', '300px');
    el.setAttribute('base-url', apiBase);
    el.setAttribute('run-id', runId);
    document.body.append(el);

    await append(runId, [{ type: 'progress', phase: 'fetch_data' }, ...logs(1, 200, 'fetch_data')]);
    await until(() => expect(el.shadowRoot?.textContent).toContain('fetch_data line 200'));
    expect(el.following).toBe(true);
    const firstLine = visibleSeqs(el).at(-1) ?? 0;
    expect(lineText(el, firstLine)).toBe('fetch_data line 200');

    // Read from the top while lines keep coming.
    await userScrollTo(el, 0);
    expect(el.following).toBe(false);
    const reading = visibleSeqs(el);
    await append(runId, [{ type: 'progress', phase: 'export_reports' }, ...logs(1, 30, 'export_reports')]);
    await until(() => expect(el.newLineCount).toBe(30));
    expect(visibleSeqs(el)).toEqual(reading);
    expect(el.shadowRoot?.querySelector('[part="jump"]')?.textContent?.trim()).toBe('30 new lines — jump to end');

    // The reader collapses the export group; the run then fails in it.
    const exportKey = el.phaseGroups.find((g) => g.phase === 'export_reports')?.key ?? -1;
    el.toggleGroup(exportKey, false);
    await settle(el);
    expect(el.phaseGroups.find((g) => g.key === exportKey)?.collapsed).toBe(true);
    await append(runId, [{ type: 'status', status: 'failed', error: { message: 'disk full' } }]);
    await until(() => expect(el.phaseGroups.find((g) => g.key === exportKey)?.collapsed).toBe(false));
    await until(() => expect(el.shadowRoot?.querySelector('[part="status"]')?.textContent).toContain('Run failed'));

    el.jumpToEnd();
    await settle(el);
    expect(lineText(el, visibleSeqs(el).at(-1) ?? 0)).toBe('export_reports line 30');
    expect(scroller(el).scrollTop).toBeGreaterThan(0);
  });

  it('keeps its connection when moved, and closes it when it leaves the page', async () => {
    const runId = `lt-${crypto.randomUUID().slice(0, 8)}`;
    await call('/runs', { id: runId });
    const el = document.createElement('run-log-tail');
    el.setAttribute('base-url', apiBase);
    el.setAttribute('run-id', runId);
    const a = document.createElement('div');
    const b = document.createElement('div');
    document.body.append(a, b);
    a.append(el);
    await append(runId, logs(1, 3, 'p'));
    await until(() => expect(el.shadowRoot?.textContent).toContain('p line 3'));
    const feed = el.activeFeed;
    b.append(el);
    await settle(el);
    expect(el.activeFeed).toBe(feed);
    await append(runId, logs(4, 1, 'p'));
    await until(() => expect(el.shadowRoot?.textContent).toContain('p line 4'));
    el.remove();
    await settle(el);
    expect(el.activeFeed).toBeUndefined();
  });
});
