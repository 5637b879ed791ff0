/**
 * What a planted fault is: where it is planted (proxy hooks, a store decorator), the
 * contract rule it breaks, and the checks that must fail because of it.
 * @module
 */
import type { RunStore } from '../../../server/store/run-store.js';
import type { FaultHooks, ProxiedRequest, ProxiedResponse } from './proxy.js';

/** One fault, planted alone into the reference backend. */
export interface Fault {
  /** What is wrong, in words. */
  name: string;
  /** The rule of docs/contract.md it breaks. */
  breaks: string;
  /** Starts of the names of the checks that must fail (each one must). */
  caughtBy: string[];
  /** Faults on the wire. */
  hooks?: FaultHooks;
  /** A fault in the store (e.g. a snapshot folded wrong in one rule). */
  store?: (store: RunStore) => RunStore;
  /** Runs against a backend that trims history (retention 50, `trimmedAfter`). */
  trimming?: boolean;
}

/** The run id of a path like `/api/runs/{id}/…`, if it has one. */
export function runIdOf(path: string): string | undefined {
  return /\/runs\/([^/]+)/.exec(path)?.[1];
}

/** `/api/runs/{id}` (the snapshot). */
export const SNAPSHOT_PATH = /\/runs\/[^/]+$/;
/** `/api/runs/{id}/events`. */
export const EVENTS_PATH = /\/runs\/[^/]+\/events$/;
/** `/api/runs/{id}/logs`. */
export const LOGS_PATH = /\/runs\/[^/]+\/logs$/;
/** `/api/runs/{id}/stream`. */
export const RUN_STREAM_PATH = /\/runs\/[^/]+\/stream$/;
/** `/api/runs` (list and create). */
export const RUNS_PATH = /\/runs$/;
/** `/api/stream`. */
export const MULTI_STREAM_PATH = /\/api\/stream$/;
/** `/api/poll`. */
export const POLL_PATH = /\/poll$/;

/** Rewrites a JSON answer body with `edit` (which changes the value in place). */
export function editJson(res: ProxiedResponse, edit: (body: Record<string, unknown>) => void): void {
  if (res.body.length === 0) return;
  const body = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
  edit(body);
  res.body = Buffer.from(JSON.stringify(body));
}

/** Rewrites a JSON request body with `edit`. */
export function editRequestJson(req: ProxiedRequest, edit: (body: Record<string, unknown>) => void): void {
  if (req.body.length === 0) return;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  edit(body);
  req.body = Buffer.from(JSON.stringify(body));
}

/** An RFC 9457 answer the proxy sends instead of the server's. */
export function problemAnswer(status: number, detail: string): ProxiedResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: Buffer.from(JSON.stringify({ type: 'about:blank', title: 'Planted fault', status, detail })),
  };
}

/** The events of an append body (one event or a batch). */
export function appendedEvents(body: Record<string, unknown>): Array<Record<string, unknown>> {
  return Array.isArray(body['events']) ? (body['events'] as Array<Record<string, unknown>>) : [body];
}
