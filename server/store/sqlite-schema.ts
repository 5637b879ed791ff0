/**
 * The SQLite store's schema and its migrations. `PRAGMA user_version` records how many
 * migrations a file has had, so a newer release can add migration 2, 3, … and carry
 * existing files forward; opening is idempotent.
 * @module
 */
import type Database from 'better-sqlite3';

/**
 * Migration `i` takes a file from schema version `i` to `i + 1`. Never edit a released
 * entry: add a new one.
 *
 * Layout (version 1):
 * - `runs`: one row per run. `pk` is an AUTOINCREMENT integer so it is never reused:
 *   the events of a deleted run are purged in the background, keyed by `pk`, and a new
 *   run must not inherit them. The fold up to `seq` is `snapshot` (JSON, without its
 *   steps) plus the run's row in `run_steps`. The other columns are copies of what
 *   queries filter and sort on.
 * - `run_steps`: the checklist (JSON array), apart because it can hold 1 000 steps
 *   (~100 KB) that log lines never change, and SQLite rewrites a whole row on any
 *   update: kept in `runs`, it made single-line appends to such a run about 25 times
 *   slower (580 against 15 000 a second here). `runs.steps_version` counts its rewrites, so a process can reuse the
 *   checklist it parsed last.
 * - `events`: keyed by (run, seq) WITHOUT ROWID, so a run's events sit together in key
 *   order and range reads and range deletes touch contiguous pages. Typical rows (a
 *   log line) are small, as WITHOUT ROWID wants; a rare 1 MiB line still works, in
 *   overflow pages. `type` exists for the partial index that finds a run's last log
 *   lines without scanning progress.
 * - `idempotency_keys`: the seq range each keyed append stored, per run.
 * - `purge_queue`: runs deleted by the TTL sweep whose events are still being deleted
 *   in small batches (survives a restart mid-purge).
 *
 * Version 2 replaces the index of succeeded runs by kind with one by tenant and kind.
 * Version 3 adds `runs.touched_ms`, the time of a run's last append (its creation until
 * then), so the sweep can expire runs that never end, and `runs.bytes` with
 * `tenant_usage`, the bytes of stored events per run and per tenant, for the tenant's
 * byte cap (issue 14).
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS runs (
    pk INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tenant TEXT NOT NULL,
    kind TEXT,
    status TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    ended_ms INTEGER,
    seq INTEGER NOT NULL,
    first_seq INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    steps_version INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS runs_by_tenant ON runs (tenant, created_ms, id);
  CREATE INDEX IF NOT EXISTS runs_by_tenant_status ON runs (tenant, status, created_ms, id);
  CREATE INDEX IF NOT EXISTS runs_succeeded_by_kind ON runs (kind, ended_ms) WHERE status = 'succeeded';
  CREATE INDEX IF NOT EXISTS runs_by_end ON runs (ended_ms) WHERE ended_ms IS NOT NULL;

  CREATE TABLE IF NOT EXISTS run_steps (
    run_pk INTEGER PRIMARY KEY,
    steps TEXT NOT NULL
  ) STRICT;

  CREATE TABLE IF NOT EXISTS events (
    run_pk INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (run_pk, seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS events_log_lines ON events (run_pk, seq) WHERE type = 'log';

  CREATE TABLE IF NOT EXISTS idempotency_keys (
    run_pk INTEGER NOT NULL,
    key TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (run_pk, key)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS idempotency_keys_by_last_seq ON idempotency_keys (run_pk, last_seq);

  CREATE TABLE IF NOT EXISTS purge_queue (
    run_pk INTEGER PRIMARY KEY,
    next_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL
  ) STRICT;
  `,
  // Version 2: estimates are per tenant (issue 13), so their sample is found by tenant
  // and kind. The rows already hold their tenant: only the index changes.
  `
  DROP INDEX IF EXISTS runs_succeeded_by_kind;
  CREATE INDEX IF NOT EXISTS runs_succeeded_by_tenant_kind ON runs (tenant, kind, ended_ms) WHERE status = 'succeeded';
  `,
  // Version 3: runs that never end expire after an idle time.
  `
  ALTER TABLE runs ADD COLUMN touched_ms INTEGER NOT NULL DEFAULT 0;
  UPDATE runs SET touched_ms = created_ms;
  CREATE INDEX IF NOT EXISTS runs_idle ON runs (touched_ms) WHERE ended_ms IS NULL;
  ALTER TABLE runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
  UPDATE runs SET bytes = coalesce((SELECT sum(octet_length(body)) FROM events WHERE run_pk = runs.pk), 0);
  CREATE TABLE IF NOT EXISTS tenant_usage (
    tenant TEXT PRIMARY KEY,
    bytes INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  INSERT INTO tenant_usage (tenant, bytes) SELECT tenant, sum(bytes) FROM runs GROUP BY tenant;
  `,
];

/** The schema version this release writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the file up to {@link SCHEMA_VERSION}. Runs in one IMMEDIATE transaction, so
 * two processes opening a new file at once do not both migrate it, and a crash
 * mid-migration leaves the previous version intact.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true });
    if (typeof current !== 'number') throw new Error(`unexpected user_version ${String(current)}`);
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `${db.name} has schema version ${current}, but this release only knows up to ${SCHEMA_VERSION}: ` +
          'upgrade run-progress-kit to open it',
      );
    }
    for (let version = current; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
