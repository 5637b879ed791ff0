/**
 * URL paths of the contract, relative to a base (default `/api`). Clients and servers
 * build every URL here so a renamed path changes in one place.
 * @module
 */

/** The default base path of the contract's endpoints. */
export const DEFAULT_BASE_PATH = '/api';

/** A run and the cursor to resume it from, as the multiplexed endpoints take them. */
export interface RunCursor {
  run: string;
  after: number;
}

const id = (runId: string) => encodeURIComponent(runId);

/** `GET ?runs=a:5,b:0` SSE stream of many runs, in stream frames (under the base). */
export const MULTI_STREAM_PATH = '/stream';
/** `GET ?runs=a:5,b:0` one poll of many runs, in stream frames (under the base). */
export const POLL_PATH = '/poll';
/** The WebSocket endpoint (upgrade), carrying subscriptions to many runs (under the base). */
export const SOCKET_PATH = '/ws';

/** The contract's paths under one base, as `contractPaths(base)` builds them. */
export interface ContractPaths {
  /** `GET` list (`?status=&limit=&cursor=`), `POST` create. */
  runs: () => string;
  /** `GET` snapshot (ETag, 304). */
  run: (runId: string) => string;
  /** `GET ?after=&limit=` page of events; `POST` append. */
  events: (runId: string) => string;
  /** `GET ?tail=N` last log lines. */
  logs: (runId: string) => string;
  /** `GET` SSE stream of one run, resumable with `Last-Event-ID` or `?after=`. */
  stream: (runId: string) => string;
  /** `GET ?runs=a:5,b:0` SSE stream of many runs, in stream frames. */
  multiStream: () => string;
  /** `GET ?runs=a:5,b:0` one poll of many runs, in stream frames. */
  poll: () => string;
  /** The WebSocket endpoint (upgrade), carrying subscriptions to many runs. */
  socket: () => string;
}

/** Builds the contract's paths under one base. */
export function contractPaths(base: string = DEFAULT_BASE_PATH): ContractPaths {
  const root = base.replace(/\/+$/, '');
  return {
    runs: () => `${root}/runs`,
    run: (runId: string) => `${root}/runs/${id(runId)}`,
    events: (runId: string) => `${root}/runs/${id(runId)}/events`,
    logs: (runId: string) => `${root}/runs/${id(runId)}/logs`,
    stream: (runId: string) => `${root}/runs/${id(runId)}/stream`,
    multiStream: () => root + MULTI_STREAM_PATH,
    poll: () => root + POLL_PATH,
    socket: () => root + SOCKET_PATH,
  };
}

/** Encodes cursors for `?runs=`: `a:5,b:0`. */
export function formatRunCursors(cursors: Iterable<RunCursor>): string {
  return Array.from(cursors, (c) => `${c.run}:${c.after}`).join(',');
}

/** Decodes `?runs=`; `undefined` when any part is malformed. */
export function parseRunCursors(text: string): RunCursor[] | undefined {
  if (text === '') return [];
  const out: RunCursor[] = [];
  for (const part of text.split(',')) {
    const match = /^([A-Za-z0-9_-]{1,64}):(\d{1,15})$/.exec(part);
    if (!match) return undefined;
    out.push({ run: match[1] as string, after: Number(match[2]) });
  }
  return out;
}
