/**
 * A real run server on an ephemeral loopback port over a real SQLite file in a temp
 * directory, plus small HTTP helpers for the tests.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRunServer, type StartRunServerOptions, type StartedRunServer } from '../../../server/index.js';
import { openSqliteStore, type SqliteRunStore } from '../../../server/store/sqlite-store.js';
import type { RetentionOptions } from '../../../server/store/retention.js';
import type { AppendResult, RunEventInput, RunSnapshot } from '../../../src/contract/index.js';
import { recordingLogger } from '../../support/recording-logger.js';

/** A started server and what the tests need around it. */
export interface TestServer {
  url: string;
  server: StartedRunServer;
  store: SqliteRunStore;
  /** Warnings and errors the server logged. */
  logged: string[];
  /** `fetch` under the API base. */
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** Creates a run (open mode or with `token`) and returns its snapshot. */
  createRun(body?: Record<string, unknown>, token?: string): Promise<RunSnapshot>;
  /** Appends events and returns the result (throws on a non-201). */
  append(runId: string, events: RunEventInput[], token?: string): Promise<AppendResult>;
  close(): Promise<void>;
}

/** Starts a server; `retention` goes to the SQLite store. */
export async function startTestServer(
  options: Partial<StartRunServerOptions> & { retention?: RetentionOptions } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rpk-server-'));
  const store = openSqliteStore({ path: join(dir, 'runs.db'), retention: options.retention });
  const logged: string[] = [];
  const server = await startRunServer({
    logger: recordingLogger(logged),
    ...options,
    store,
  });
  const api = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== undefined) headers.set('Authorization', `Bearer ${init.token}`);
    return fetch(server.url + path, { ...init, headers });
  };
  return {
    url: server.url,
    server,
    store,
    logged,
    api,
    async createRun(body = {}, token) {
      const res = await api('/runs', {
        method: 'POST',
        token,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as RunSnapshot;
    },
    async append(runId, events, token) {
      const res = await api(`/runs/${runId}/events`, {
        method: 'POST',
        token,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      if (res.status !== 201) throw new Error(`append failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as AppendResult;
    },
    async close() {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `n` log events `line 1` … `line n` (numbered from `from`). */
export function logLines(n: number, from = 1): RunEventInput[] {
  return Array.from({ length: n }, (_, i) => ({ type: 'log', text: `line ${from + i}` }));
}
