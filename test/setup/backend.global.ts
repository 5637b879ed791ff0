/**
 * Vitest globalSetup of the browser project: one reference server for every browser
 * test, on a temp SQLite file, in open mode with CORS for any origin (the test page is
 * served from Vitest's own origin), with 1 s heartbeats. Tests read its API base with
 * `inject('apiBase')`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startRunServer } from '../../server/index.js';
import { openSqliteStore } from '../../server/store/sqlite-store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** API base URL of the reference server, e.g. `http://127.0.0.1:41234/api`. */
    apiBase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'rpk-browser-backend-'));
  const store = openSqliteStore({ path: join(dir, 'runs.db') });
  const server = await startRunServer({ store, cors: { origins: '*' }, heartbeatMs: 1000 });
  project.provide('apiBase', server.url);
  return async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
