'use client';
// A Client Component of the app's own using the wrappers, a callback and the hook.
import { useState } from 'react';
import { RunLogTail, RunProgress, useRun } from 'run-progress-kit/react';

export function Live({ api, runId }: { api: string; runId: string }) {
  const { status } = useRun({ baseUrl: api, runId });
  const [last, setLast] = useState('');
  return (
    <main>
      <p>hook says: {status ?? 'loading'}</p>
      <p>event says: {last}</p>
      <RunProgress baseUrl={api} runId={runId} onRunStatusChange={(e) => setLast(e.status)} />
      <RunLogTail baseUrl={api} runId={runId} />
    </main>
  );
}
