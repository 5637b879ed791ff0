import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../server/store/sqlite-store.js';

// Issue 13, item 4: estimates became per tenant, so schema version 2 indexes succeeded runs
// by (tenant, kind). A file written by version 1 must open and answer per-tenant estimates.
describe('SQLite schema version 1 → 2 (estimates per tenant)', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a version 1 file in place and keeps its runs', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-migrate-'));
    const path = join(dir, 'runs.db');
    const first = openSqliteStore({ path });
    const created = new Date(Date.now() - 60_000);
    for (const tenant of ['a', 'b']) {
      await first.createRun(tenant, { id: `run-${tenant}`, kind: 'build' }, created);
      await first.append(`run-${tenant}`, [{ type: 'status', status: 'running' }], { now: created });
      const end = new Date(created.getTime() + (tenant === 'a' ? 10_000 : 50_000));
      await first.append(`run-${tenant}`, [{ type: 'status', status: 'succeeded' }], { now: end });
    }
    await first.close();
    // Turn the file back into what version 1 wrote: its index by kind, user_version 1.
    const raw = new Database(path);
    raw.exec(`DROP INDEX IF EXISTS runs_succeeded_by_tenant_kind;
      CREATE INDEX runs_succeeded_by_kind ON runs (kind, ended_ms) WHERE status = 'succeeded';
      DROP INDEX runs_idle;
      ALTER TABLE runs DROP COLUMN touched_ms;
      ALTER TABLE runs DROP COLUMN bytes;
      DROP TABLE tenant_usage;`);
    raw.pragma('user_version = 1');
    raw.close();

    const store = openSqliteStore({ path });
    try {
      expect(await store.estimate('a', 'build')).toEqual({ basedOn: 1, stepsMs: {}, totalMs: 10_000 });
      expect(await store.estimate('b', 'build')).toEqual({ basedOn: 1, stepsMs: {}, totalMs: 50_000 });
      expect(await store.estimate('c', 'build')).toBeUndefined();
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    const indexes = check.prepare(`SELECT name FROM sqlite_master WHERE type = 'index'`).pluck().all();
    expect(check.pragma('user_version', { simple: true })).toBe(3);
    check.close();
    expect(indexes).toContain('runs_succeeded_by_tenant_kind');
    expect(indexes).not.toContain('runs_succeeded_by_kind');
  });

  // Issue 14: version 3 records each run's last append, so runs that never end can expire.
  it('migrates a version 2 file to 3, counting a run that never ended as idle since its creation', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-migrate-'));
    const path = join(dir, 'runs.db');
    const first = openSqliteStore({ path });
    await first.createRun('a', { id: 'forgotten' }, new Date(Date.now() - 3_600_000));
    await first.createRun('a', { id: 'fresh' }, new Date());
    await first.close();
    const raw = new Database(path);
    raw.exec(
      'DROP INDEX runs_idle; ALTER TABLE runs DROP COLUMN touched_ms; ALTER TABLE runs DROP COLUMN bytes; DROP TABLE tenant_usage;',
    );
    raw.pragma('user_version = 2');
    raw.close();

    const store = openSqliteStore({ path, retention: { idleRunTtlMs: 600_000 } });
    try {
      expect(await store.sweep()).toBe(1);
      expect(await store.getRun('forgotten')).toBeUndefined();
      expect(await store.getRun('fresh')).toBeDefined();
    } finally {
      await store.close();
    }
  });
});
