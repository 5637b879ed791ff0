/**
 * `<RunProgress>` and `<RunLogTail>` in React against the reference backend: props reach
 * the elements as properties (objects too), and the event callbacks fire.
 */
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunCompleteEvent, RunStatusChangeEvent } from '../../src/react/index.js';
import { RunLogTail, RunProgress } from '../../src/react/index.js';
import { append, apiBase, createRun, until } from './backend.js';

afterEach(cleanup);

const part = (host: Element | null, name: string) =>
  host?.shadowRoot?.querySelector(`[part~="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

describe('React wrappers on the reference backend', () => {
  it('<RunProgress> forwards props and calls onRunStatusChange and onRunComplete', async () => {
    const runId = await createRun('rx', { steps: [{ key: 'underwriting' }] });
    const statuses: string[] = [];
    const completed: RunCompleteEvent[] = [];
    const { container } = render(
      <RunProgress
        baseUrl={apiBase}
        runId={runId}
        labels={{ underwriting: 'Running underwriting checks' }}
        theme="dark"
        stallAfter={0}
        onRunStatusChange={(e: RunStatusChangeEvent) => statuses.push(e.status)}
        onRunComplete={(e) => completed.push(e)}
      />,
    );
    const el = container.querySelector('run-progress');
    expect(el?.labels).toEqual({ underwriting: 'Running underwriting checks' });
    expect(el?.theme).toBe('dark');
    expect(el?.stallAfter).toBe(0);

    await until(() => expect(part(el, 'status')).toBe('Queued'));
    await append(runId, [{ type: 'progress', phase: 'underwriting', percent: 50 }]);
    await until(() => expect(part(el, 'phase')).toBe('Running underwriting checks'));
    expect(completed).toEqual([]);

    await append(runId, [{ type: 'status', status: 'succeeded' }]);
    await until(() => expect(completed.map((e) => [e.runId, e.status])).toEqual([[runId, 'succeeded']]));
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
  });

  it('<RunProgress> calls onRunError with the failure', async () => {
    const runId = await createRun('rx');
    const errors: string[] = [];
    render(<RunProgress baseUrl={apiBase} runId={runId} onRunError={(e) => errors.push(e.error?.message ?? '')} />);
    await append(runId, [{ type: 'status', status: 'failed', error: { message: 'Scoring model unavailable' } }]);
    await until(() => expect(errors).toEqual(['Scoring model unavailable']));
  });

  it('<RunLogTail> shows the run’s lines and follows a new run id', async () => {
    const first = await createRun('rx');
    const second = await createRun('rx');
    await append(first, [{ type: 'log', text: 'first run line' }]);
    await append(second, [{ type: 'log', text: 'second run line' }]);
    const { container, rerender } = render(<RunLogTail baseUrl={apiBase} runId={first} wrap />);
    const el = container.querySelector('run-log-tail');
    expect(el?.wrap).toBe(true);
    const text = () => el?.shadowRoot?.querySelector('.row.line .text')?.textContent;
    await until(() => expect(text()).toBe('first run line'));

    rerender(<RunLogTail baseUrl={apiBase} runId={second} wrap />);
    await until(() => expect(text()).toBe('second run line'));
  });

  it('<RunLogTail> calls onRunLogLineLink when a line number is clicked', async () => {
    const runId = await createRun('rx');
    await append(runId, [{ type: 'log', text: 'linked line' }]);
    const links: string[] = [];
    const { container } = render(
      <RunLogTail baseUrl={apiBase} runId={runId} onRunLogLineLink={(e) => links.push(e.href)} />,
    );
    const el = container.querySelector('run-log-tail');
    let number: HTMLElement | null | undefined;
    await until(() => {
      number = el?.shadowRoot?.querySelector<HTMLElement>('.row.line [part~="line-number"]');
      expect(number).toBeTruthy();
    });
    act(() => number!.click());
    await until(() => expect(links).toEqual([expect.stringMatching(/^#[^:]+:L\d+$/)]));
  });
});
