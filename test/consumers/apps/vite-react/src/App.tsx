// A React app using the wrappers and the hook, in StrictMode (effects mount twice), as
// docs/react.md shows: the page must end with one connection, not two.
import { RunLogTail, RunProgress, useRun } from 'run-progress-kit/react';

const params = new URLSearchParams(location.search);
const api = params.get('api') ?? '/api';
const runId = params.get('run') ?? 'demo';

function Summary() {
  const { run, connection } = useRun({ baseUrl: api, runId });
  return (
    <p data-testid="summary">
      {run ? `${run.status} at ${Math.round(run.percent ?? 0)}%` : 'loading'} · {connection?.status ?? 'connecting'}
    </p>
  );
}

export function App() {
  return (
    <main>
      <h1>Runs</h1>
      <Summary />
      <RunProgress baseUrl={api} runId={runId} onRunStatusChange={(e) => console.log('status', e.status)} />
      <RunLogTail baseUrl={api} runId={runId} />
    </main>
  );
}
