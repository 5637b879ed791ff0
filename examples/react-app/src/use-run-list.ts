import { useCallback, useEffect, useState } from 'react';

/** The latest runs' ids (newest first), how loading went, and a way to load again. */
export interface RunList {
  ids: string[];
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/** Lists the backend's latest runs (`GET /runs`); the elements follow each one live. */
export function useRunList(api: string, limit = 20): RunList {
  const [ids, setIds] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    fetch(`${api}/runs?limit=${limit}`, { signal: abort.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`GET /runs answered ${response.status}`);
        const body = (await response.json()) as { runs: Array<{ id: string }> };
        setIds(body.runs.map((run) => run.id));
        setError(undefined);
      })
      .catch((reason: unknown) => {
        if (!abort.signal.aborted) setError(reason instanceof Error ? reason.message : String(reason));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [api, limit, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ids, error, loading, reload };
}
