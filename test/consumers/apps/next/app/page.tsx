// A Server Component page: it imports the wrappers directly. They are client components
// ('use client' in the package), so they render on the server and come alive after hydration.
import { RunLogTail, RunProgress } from 'run-progress-kit/react';

export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { api = '', run = 'demo' } = await searchParams;
  return (
    <main>
      <h1>Run {run}</h1>
      <RunProgress baseUrl={api} runId={run} />
      <RunLogTail baseUrl={api} runId={run} />
    </main>
  );
}
