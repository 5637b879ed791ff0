/**
 * Each example adapter drives `<run-progress>` and `<run-log-tail>` end to end in Chromium,
 * from plain tags (`adapter="name"` after `registerAdapter`) and from the `adapter`
 * property, on the foreign backends of `servers/foreign-backends.ts` (started by
 * `servers/foreign.global.ts`), through a connection the server drops mid-run.
 */
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import '../../src/components/run-progress/run-progress.js';
import '../../src/components/run-log-tail/run-log-tail.js';
import { defineAdapter, registerAdapter } from '../../src/adapters/index.js';
import type { RunProgress } from '../../src/components/run-progress/run-progress.component.js';
import type { RunLogTail } from '../../src/components/run-log-tail/run-log-tail.component.js';
import type { RunErrorEvent } from '../../src/components/events/run-error-event.js';
import { mapJob, restPhaseAdapter } from '../../examples/adapters/rest-phase.js';
import { sessionSocketAdapter } from '../../examples/adapters/session-socket.js';
import { progressStreamAdapter } from '../../examples/adapters/progress-stream.js';

const foreignBase = inject('foreignBase');
const until = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 25 });

async function control(runId: string, action: 'create' | 'advance' | 'fail' | 'drop'): Promise<void> {
  const response = await fetch(`${foreignBase}/control/${runId}/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`control ${action}: ${response.status}`);
}

const part = (el: Element, name: string) =>
  el.shadowRoot?.querySelector(`[part~="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
const logLines = (el: Element) =>
  [...(el.shadowRoot?.querySelectorAll('.row.line .text') ?? [])].map((node) => node.textContent ?? '');

beforeAll(() => {
  registerAdapter('jobs-api', restPhaseAdapter);
  registerAdapter('session-socket', sessionSocketAdapter);
});
afterEach(() => document.body.replaceChildren());

/** Both elements as plain tags for `runId`, or with the adapter set as a property. */
function mountBoth(runId: string, adapter: string | object): { progress: RunProgress; tail: HTMLElement } {
  const progress = document.createElement('run-progress');
  const tail = document.createElement('run-log-tail');
  tail.style.setProperty('--run-log-height', '200px');
  for (const el of [progress, tail]) {
    el.setAttribute('base-url', foreignBase);
    el.setAttribute('run-id', runId);
    if (typeof adapter === 'string') el.setAttribute('adapter', adapter);
    else (el as RunProgress).adapter = adapter;
  }
  document.body.append(progress, tail);
  return { progress, tail };
}

describe('adapters drive both elements', () => {
  it('a polled REST resource with last_phase, by registered name, through dropped polls', async () => {
    const runId = `jobs-${crypto.randomUUID().slice(0, 8)}`;
    await control(runId, 'create');
    const { progress, tail } = mountBoth(runId, 'jobs-api');
    await until(() => expect(part(progress, 'status')).toBe('Queued'));
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'phase')).toBe('Fetch data'));
    await control(runId, 'drop');
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'phase')).toBe('Score'));
    expect(part(progress, 'percent')).toBe('33%');
    await control(runId, 'advance');
    await control(runId, 'fail');
    await until(() => expect(part(progress, 'status')).toBe('Failed'));
    expect(part(progress, 'error')).toContain('scoring model unavailable');
    // A status resource has no log: the tail says the run ended, with no lines.
    await until(() => expect(part(tail, 'status')).toContain('Run failed'));
    expect(logLines(tail)).toEqual([]);
  });

  it('a replaying WebSocket per session, by registered name: a drop doubles no line', async () => {
    const runId = `ws-${crypto.randomUUID().slice(0, 8)}`;
    await control(runId, 'create');
    const { progress, tail } = mountBoth(runId, 'session-socket');
    await control(runId, 'advance');
    await control(runId, 'advance');
    await until(() => expect(logLines(tail)).toEqual(['Running fetch_data', 'Running score']));
    await control(runId, 'drop');
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'phase')).toBe('Publish'));
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'status')).toBe('Succeeded'));
    await until(() =>
      expect(logLines(tail)).toEqual(['Running fetch_data', 'Running score', 'Running publish', 'All done']),
    );
    expect(part(progress, 'percent')).toBe('100%');
    await until(() => expect(part(tail, 'status')).toContain('Run succeeded'));
  });

  it('a progress endpoint plus an SSE stream without ids, as a property: the state survives a drop', async () => {
    const runId = `sse-${crypto.randomUUID().slice(0, 8)}`;
    await control(runId, 'create');
    const { progress, tail } = mountBoth(runId, progressStreamAdapter);
    await until(() =>
      expect(progress.shadowRoot?.querySelector('[part="connection"]')?.getAttribute('data-kind')).toBe('live'),
    );
    await control(runId, 'advance');
    await until(() => expect(logLines(tail)).toEqual(['started fetch_data']));
    await control(runId, 'drop');
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'phase')).toBe('Score'));
    await until(() =>
      expect(progress.shadowRoot?.querySelector('[part="connection"]')?.getAttribute('data-kind')).toBe('live'),
    );
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'phase')).toBe('Publish'));
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'status')).toBe('Succeeded'));
    await until(() => expect(part(tail, 'status')).toContain('Run succeeded'));
    const lines = logLines(tail);
    expect(lines[0]).toBe('started fetch_data');
    expect(lines.at(-1)).toBe('started publish');
    expect(new Set(lines).size).toBe(lines.length);
  });
});

describe('a backend that answers 404 or 401 without a problem document', () => {
  /** Mounts both elements and collects the `run-error` events each fires. */
  function mountWatched(runId: string, adapter: object) {
    const { progress, tail } = mountBoth(runId, adapter);
    const errors = { progress: [] as Array<number | undefined>, tail: [] as Array<number | undefined> };
    progress.addEventListener('run-error', (event) => errors.progress.push((event as RunErrorEvent).problem?.status));
    tail.addEventListener('run-error', (event) => errors.tail.push((event as RunErrorEvent).problem?.status));
    return { progress, tail, errors };
  }

  it('shows a run the backend does not know as not found, with a run-error, in both elements', async () => {
    // Never created: the backend answers `404 {"error":"not found"}`.
    const { progress, tail, errors } = mountWatched(`missing-${crypto.randomUUID().slice(0, 8)}`, restPhaseAdapter);
    await until(() => expect(part(progress, 'error')).toBe('Cannot show this run: Not found'));
    await until(() => expect(part(tail, 'status')).toBe('Not found'));
    expect(part(tail, 'status')).not.toContain('Live');
    expect(errors.progress).toEqual([404]);
    expect(errors.tail).toEqual([404]);
  });

  it('shows a 401 with an HTML body as not authorised, with a run-error, in both elements', async () => {
    const adapter = defineAdapter({ snapshot: { url: '/private/{runId}', map: mapJob } });
    const { progress, tail, errors } = mountWatched(`private-${crypto.randomUUID().slice(0, 8)}`, adapter);
    await until(() => expect(part(progress, 'error')).toBe('Cannot show this run: Not authorised'));
    expect(part(progress, 'status')).not.toBe('Loading…');
    await until(() => expect(part(tail, 'status')).toBe('Not authorised to read this run'));
    expect(errors.progress).toEqual([401]);
    expect(errors.tail).toEqual([401]);
  });
});

describe('resuming a foreign backend', () => {
  it('never claims a recovered resume after a drop whose events the stream does not replay', async () => {
    const runId = `resume-${crypto.randomUUID().slice(0, 8)}`;
    await control(runId, 'create');
    const { progress, tail } = mountBoth(runId, progressStreamAdapter);
    const connection = () => (tail as RunLogTail).activeFeed?.getState().connection;
    await until(() => expect(connection()?.status).toBe('live'));
    await control(runId, 'advance');
    await until(() => expect(logLines(tail)).toEqual(['started fetch_data']));
    // The stream has no ids and replays nothing: the log line of this step is lost.
    await control(runId, 'drop');
    await control(runId, 'advance');
    await until(() => expect(part(progress, 'phase')).toBe('Score'));
    await until(() => expect(connection()?.status).toBe('live'));
    expect(logLines(tail)).toEqual(['started fetch_data']);
    expect(connection()?.lastResumeRecovered).not.toBe(true);
  });
});
