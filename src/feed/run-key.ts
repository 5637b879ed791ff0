/**
 * Keys for "this run on this backend": the one rule by which `watchRun` shares a client,
 * the elements decide whether their owned feed must be reopened, and `useRun` shares a
 * feed between hooks. Objects (a token getter, an adapter) count by identity.
 * @module
 */
import type { RunAdapter } from '../adapters/types.js';
import { identity } from './identity.js';

/** What names a backend: equal parts mean one client and one connection. */
export interface BackendParts {
  /** Base URL; `undefined` for none (an adapter that needs no base). */
  baseUrl: string | undefined;
  /** The token getter, by identity. */
  getToken?: object | undefined;
  /** The fetch credentials mode. */
  credentials?: string | undefined;
  /** The adapter: an object by identity, or a registered name. */
  adapter?: RunAdapter | string | undefined;
}

/** The key of a backend: equal for equal parts, different if any part differs. */
export function backendKey(parts: BackendParts): string {
  const adapter = typeof parts.adapter === 'string' ? `name:${parts.adapter}` : String(identity(parts.adapter));
  return [parts.baseUrl ?? '', identity(parts.getToken), parts.credentials ?? '', adapter].join('\n');
}

/** The key of one run on a backend. */
export function runKey(parts: BackendParts, runId: string): string {
  return `${backendKey(parts)}\n${runId}`;
}
