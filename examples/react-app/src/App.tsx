import { useState } from 'react';
import { RunLogTail, RunProgress, useRun, type RunCompleteEvent } from 'run-progress-kit/react';
import { useRunList } from './use-run-list.js';

/** The selected run's heading, from the same shared feed the elements use. */
function SelectedHeading({ api, runId }: { api: string; runId: string | undefined }) {
  const { run, status, logs } = useRun({ baseUrl: api, runId });
  if (!runId) return <h2>Pick a run to see its log</h2>;
  return (
    <h2 id="log-title">
      Log of {run?.title ?? runId} <small data-testid="selected-status">{status ?? 'loading'}</small>{' '}
      <small>({logs.size} lines)</small>
    </h2>
  );
}

/** The latest runs with their live progress, and the log of the one selected. */
export function App({ api }: { api: string }) {
  const { ids, error, loading, reload } = useRunList(api);
  const [selected, setSelected] = useState<string>();
  const [lastEnded, setLastEnded] = useState<string>();
  const shown = selected ?? ids[0];
  const onRunComplete = (event: RunCompleteEvent) => setLastEnded(`Run ${event.runId} ${event.status}.`);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '1.5rem auto', maxWidth: '60rem', padding: '0 1rem' }}>
      <h1>Runs</h1>
      <p role="status">
        {error
          ? `Could not list runs at ${api}: ${error}`
          : (lastEnded ?? (loading ? 'Loading runs…' : `${ids.length} runs.`))}
      </p>
      <button type="button" onClick={reload}>
        Refresh
      </button>
      <ul style={{ display: 'grid', gap: '0.5rem', listStyle: 'none', padding: 0 }}>
        {ids.map((id) => (
          <li
            key={id}
            data-run-id={id}
            aria-current={id === shown}
            style={{ display: 'flex', gap: '0.75rem', alignItems: 'center' }}
          >
            <RunProgress
              style={{ flex: 1 }}
              baseUrl={api}
              runId={id}
              layout="compact"
              announce="end"
              onRunComplete={onRunComplete}
            />
            <button type="button" onClick={() => setSelected(id)} aria-pressed={id === shown}>
              Show log
            </button>
          </li>
        ))}
      </ul>
      <SelectedHeading api={api} runId={shown} />
      {shown && <RunLogTail aria-labelledby="log-title" baseUrl={api} runId={shown} timestamps="relative" />}
    </main>
  );
}
