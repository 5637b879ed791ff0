/**
 * The demo page's reads of the contract's REST API, validated with the contract's own
 * schemas so a server bug shows as a clear message instead of `undefined` in a cell.
 * @module
 */
import type * as v from 'valibot';
import {
  contractPaths,
  LogTailSchema,
  RunListSchema,
  RunSnapshotSchema,
  validate,
  type LogTail,
  type RunList,
  type RunSnapshot,
} from '../src/contract/index.js';

/** Where the demo server mounts the contract. */
export const API_BASE = '/api';
const paths = contractPaths(API_BASE);

/** The newest runs (the contract allows at most 100 per page). */
export function fetchRuns(signal?: AbortSignal): Promise<RunList> {
  return getJson(`${paths.runs()}?limit=50`, RunListSchema, signal);
}

/** One run's snapshot. */
export function fetchRun(runId: string, signal?: AbortSignal): Promise<RunSnapshot> {
  return getJson(paths.run(runId), RunSnapshotSchema, signal);
}

/** A run's last `count` log lines. */
export function fetchLogTail(runId: string, count: number, signal?: AbortSignal): Promise<LogTail> {
  return getJson(`${paths.logs(runId)}?tail=${count}`, LogTailSchema, signal);
}

async function getJson<S extends v.GenericSchema>(
  url: string,
  schema: S,
  signal?: AbortSignal,
): Promise<v.InferOutput<S>> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ?? null });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const detail = typeof body === 'object' && body !== null && 'title' in body ? `: ${String(body.title)}` : '';
    throw new Error(`GET ${url} answered ${response.status}${detail}`);
  }
  const checked = validate(schema, body);
  if (!checked.ok) {
    const issues = checked.issues.map((i) => `${i.pointer || '(root)'} ${i.message}`).join('; ');
    throw new Error(`GET ${url} answered a body that does not fit the contract: ${issues}`);
  }
  return checked.value;
}
