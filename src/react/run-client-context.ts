/**
 * An explicit client for a subtree: `useRun({ runId })` under `<RunClientProvider client>`
 * follows runs through that client (its transports, token getter, injected `WebSocket`…).
 * @module
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { RunClient } from '../feed/run-client.js';

const RunClientContext = createContext<RunClient | undefined>(undefined);

/** Props of {@link RunClientProvider}. */
export interface RunClientProviderProps {
  /** The client hooks below use when they are given no `baseUrl` (the page owns and closes it). */
  client: RunClient;
  children?: ReactNode;
}

/**
 * Gives the hooks below a client made with `createRunClient`:
 * ```tsx
 * const client = useMemo(() => createRunClient({ baseUrl: '/api', getToken }), []);
 * useEffect(() => () => client.close(), [client]);
 * return <RunClientProvider client={client}><Dashboard /></RunClientProvider>;
 * ```
 */
export function RunClientProvider({ client, children }: RunClientProviderProps): ReactNode {
  return createElement(RunClientContext.Provider, { value: client }, children);
}

/** The client from the nearest {@link RunClientProvider}, or `undefined`. */
export function useRunClient(): RunClient | undefined {
  return useContext(RunClientContext);
}
