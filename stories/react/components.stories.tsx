import type { Meta, StoryObj } from '@storybook/react-vite';
import { RunLogTail, RunProgress, useRun } from '../../src/react/index.js';
import { failure, happyPath, phaseStills, pollingOnly } from '../../mocks/index.js';
import { baseUrlFor, expectRendered, withMock } from '../support.js';

/** The React wrappers and `useRun`, on the same mock backends as the element stories. */
const meta: Meta = { title: 'React/Components' };
export default meta;
type Story = StoryObj;

function Dashboard({ baseUrl, runId, dark }: { baseUrl: string; runId: string; dark?: boolean }) {
  const theme = dark ? 'dark' : 'light';
  return (
    <div style={{ display: 'grid', gap: 12, padding: 12, background: dark ? '#0d1117' : undefined }}>
      <RunProgress baseUrl={baseUrl} runId={runId} theme={theme} />
      <div style={{ height: 260 }}>
        <RunLogTail baseUrl={baseUrl} runId={runId} theme={theme} style={{ height: '100%' }} />
      </div>
    </div>
  );
}

/** A custom UI over `useRun`: what a page that draws its own progress would do. */
function Summary({ baseUrl, runId }: { baseUrl: string; runId: string }) {
  const view = useRun({ baseUrl, runId });
  return (
    <p style={{ padding: 12 }}>
      {runId}: {view.status ?? 'loading'}
      {view.run?.percent === undefined ? '' : `, ${Math.round(view.run.percent)} %`}
      {view.connection ? ` (${view.connection.status})` : ''}, {view.logs.size} log lines
    </p>
  );
}

export const Running: Story = {
  beforeEach: withMock({ scenario: happyPath }),
  render: (_args, { id }) => <Dashboard baseUrl={baseUrlFor(id)} runId={happyPath.id} />,
  play: ({ canvasElement }) => expectRendered(canvasElement, { status: 'running', lines: true }),
};
export const Failed: Story = {
  beforeEach: withMock({ scenario: failure, speed: 40 }),
  render: (_args, { id }) => <Dashboard baseUrl={baseUrlFor(id)} runId={failure.id} />,
  play: ({ canvasElement }) => expectRendered(canvasElement, { status: 'failed', lines: true }),
};
export const PollingFallback: Story = {
  beforeEach: withMock({ scenario: pollingOnly }),
  render: (_args, { id }) => <Dashboard baseUrl={baseUrlFor(id)} runId={pollingOnly.id} />,
  play: ({ canvasElement }) => expectRendered(canvasElement, { connection: 'polling', lines: true }),
};
export const Dark: Story = {
  beforeEach: withMock({ scenario: phaseStills[1]! }),
  render: (_args, { id }) => <Dashboard baseUrl={baseUrlFor(id)} runId={phaseStills[1]!.id} dark />,
};
export const UseRunHook: Story = {
  beforeEach: withMock({ scenario: happyPath }),
  render: (_args, { id }) => <Summary baseUrl={baseUrlFor(id)} runId={happyPath.id} />,
  play: async ({ canvasElement }) => {
    // The hook's view reached the page: the run is running and log lines are counted.
    await waitFor(() => /running, \d+ %.*, [1-9]\d* log lines/.test(canvasElement.textContent ?? ''));
  },
};

async function waitFor(check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('the useRun summary never showed a running run with lines');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
