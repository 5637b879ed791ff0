/**
 * `useRun`: follow one run from a React component, over the same feed the elements use.
 * @module
 */
import { useMemo, useSyncExternalStore } from 'react';
import { identity } from '../feed/identity.js';
import { runKey } from '../feed/run-key.js';
import { watchRun, type WatchRunOptions } from '../feed/watch-run.js';
import type { RunClient } from '../feed/run-client.js';
import type { RunFeed } from '../feed/types.js';
import { useRunClient } from './run-client-context.js';
import { runSource, type RunTarget, type RunView } from './run-source.js';

/**
 * Follow `runId` on a backend. Without `baseUrl`, the nearest `<RunClientProvider>`'s
 * client is used, else `watchRun`'s default (`/api`). The other options (token getter,
 * transports, `WebSocket`…) are `watchRun`'s; they are read when the feed opens, so keep
 * `getToken` stable (a new function means another client).
 */
export interface UseRunByIdOptions extends Omit<WatchRunOptions, 'runId'> {
  /** The run to follow; `undefined` or `''` follows none. */
  runId: string | undefined;
  feed?: undefined;
}

/** Follow a feed the page made (the hook never closes it). */
export interface UseRunByFeedOptions {
  feed: RunFeed | undefined;
  runId?: undefined;
  baseUrl?: undefined;
}

/** Options of {@link useRun}. */
export type UseRunOptions = UseRunByIdOptions | UseRunByFeedOptions;

function targetOf(options: UseRunOptions, client: RunClient | undefined): RunTarget {
  if (options.feed !== undefined || !('runId' in options) || options.runId === undefined) {
    const feed = options.feed;
    return feed
      ? { key: `feed:${identity(feed)}`, runId: feed.runId, open: () => feed, owned: false }
      : { key: 'none', runId: undefined, open: undefined, owned: false };
  }
  const { runId } = options;
  if (runId === '') return { key: 'none', runId: undefined, open: undefined, owned: false };
  if (options.baseUrl === undefined && client) {
    return { key: `client:${identity(client)}:${runId}`, runId, open: () => client.watch(runId), owned: true };
  }
  // watchRun's client key plus the run, so hooks share feeds exactly where they share clients
  // (an adapter included: two hooks on one run, one through an adapter, are two feeds).
  const baseUrl = options.baseUrl ?? '/api';
  const key = `url:${runKey({ ...options, baseUrl }, runId)}`;
  return { key, runId, open: () => watchRun({ ...options, baseUrl, runId }), owned: true };
}

/**
 * Follows one run and re-renders on every change: `{ run, status, connection, logs,
 * problem }`. Hooks following the same run share one feed, and every run of a backend
 * shares one connection; the feed opens after mount (never during render) and closes a
 * task after the last hook following it unmounts or switches to another run, so
 * StrictMode's double mount does not open a second connection.
 * ```tsx
 * const { run, status, logs } = useRun({ baseUrl: '/api', runId });
 * return <p>{run?.message ?? 'Waiting…'} ({status}, {run?.percent ?? 0}%)</p>;
 * ```
 */
export function useRun(options: UseRunOptions): RunView {
  const client = useRunClient();
  const target = targetOf(options, client);
  // The source only changes with the key; the options it captured open the feed.
  const source = useMemo(() => runSource(target), [target.key]);
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}
