/**
 * Every SQL statement of the SQLite store, prepared once per connection: preparing is
 * the costly part of a query, and an append runs up to a dozen of them.
 * @module
 */
import type Database from 'better-sqlite3';
import type { RunStatus } from '../../src/contract/index.js';

/** A run row without its checklist (see the schema for why they are apart). */
export interface RunRow {
  pk: number;
  tenant: string;
  status: RunStatus;
  seq: number;
  firstSeq: number;
  snapshot: string;
  stepsVersion: number;
}

/** A run the sweep deletes. */
export interface ExpiringRun {
  pk: number;
  tenant: string;
  bytes: number;
  firstSeq: number;
  seq: number;
}

/** The JSON columns that make up a snapshot. */
export interface SnapshotColumns {
  snapshot: string;
  steps: string;
}

/** The prepared statements of one connection. @internal */
export type Statements = ReturnType<typeof prepareStatements>;

/** Prepares the store's statements on `db` (whose schema must be current). @internal */
export function prepareStatements(db: Database.Database) {
  const runColumns = 'pk, tenant, status, seq, first_seq AS firstSeq, snapshot, steps_version AS stepsVersion';
  // Sizes, not bodies: a page is chosen by its byte bound first, then only its runs are
  // read (octet_length of TEXT reads no overflow pages, so a large checklist costs nothing here).
  const listColumns = 'id, created_ms AS createdMs, octet_length(snapshot) + octet_length(steps) AS size';
  const withSteps = 'runs JOIN run_steps ON run_steps.run_pk = runs.pk';
  const newestFirst = 'ORDER BY created_ms DESC, id DESC LIMIT @limit';
  const afterCursor = '(created_ms, id) < (@createdMs, @id)';
  type ListRow = { id: string; createdMs: number; size: number };
  type ListParams = {
    tenant: string;
    status: string | null;
    createdMs: number | null;
    id: string | null;
    limit: number;
  };
  return {
    insertRun: db.prepare<{
      id: string;
      tenant: string;
      kind: string | null;
      status: string;
      createdMs: number;
      seq: number;
      firstSeq: number;
      snapshot: string;
    }>(
      `INSERT INTO runs (id, tenant, kind, status, created_ms, touched_ms, seq, first_seq, snapshot, steps_version)
       VALUES (@id, @tenant, @kind, @status, @createdMs, @createdMs, @seq, @firstSeq, @snapshot, 0)
       ON CONFLICT (id) DO NOTHING`,
    ),
    selectRun: db.prepare<[string], RunRow>(`SELECT ${runColumns} FROM runs WHERE id = ?`),
    selectStoredRun: db.prepare<[string], SnapshotColumns & { tenant: string; firstSeq: number }>(
      `SELECT tenant, first_seq AS firstSeq, snapshot, steps FROM ${withSteps} WHERE id = ?`,
    ),
    insertSteps: db.prepare<[number, string]>('INSERT INTO run_steps (run_pk, steps) VALUES (?, ?)'),
    selectSteps: db.prepare<[number], string>('SELECT steps FROM run_steps WHERE run_pk = ?').pluck(),
    updateSteps: db.prepare<[string, number]>('UPDATE run_steps SET steps = ? WHERE run_pk = ?'),
    deleteSteps: db.prepare<[number]>('DELETE FROM run_steps WHERE run_pk = ?'),
    updateRun: db.prepare<{
      pk: number;
      status: string;
      seq: number;
      firstSeq: number;
      snapshot: string;
      /** 1 when the checklist was rewritten, else 0. */
      stepsChanged: number;
      endedMs: number | null;
      touchedMs: number;
      /** Bytes of events added minus bytes trimmed. */
      bytesDelta: number;
    }>(
      `UPDATE runs SET status = @status, seq = @seq, first_seq = @firstSeq, snapshot = @snapshot,
       steps_version = steps_version + @stepsChanged,
       ended_ms = coalesce(ended_ms, @endedMs), touched_ms = @touchedMs, bytes = bytes + @bytesDelta
       WHERE pk = @pk`,
    ),
    insertEvent: db.prepare<[number, number, string, string]>(
      'INSERT INTO events (run_pk, seq, type, body) VALUES (?, ?, ?, ?)',
    ),
    trimEvents: db.prepare<[number, number, number]>('DELETE FROM events WHERE run_pk = ? AND seq >= ? AND seq < ?'),
    readEvents: db
      .prepare<[number, number, number], string>(
        'SELECT body FROM events WHERE run_pk = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .pluck(),
    logTail: db
      .prepare<[number, number], string>(
        `SELECT body FROM events WHERE run_pk = ? AND type = 'log' ORDER BY seq DESC LIMIT ?`,
      )
      .pluck(),
    selectKey: db.prepare<[number, string], { firstSeq: number; lastSeq: number }>(
      'SELECT first_seq AS firstSeq, last_seq AS lastSeq FROM idempotency_keys WHERE run_pk = ? AND key = ?',
    ),
    insertKey: db.prepare<[number, string, number, number]>(
      'INSERT INTO idempotency_keys (run_pk, key, first_seq, last_seq) VALUES (?, ?, ?, ?)',
    ),
    trimKeys: db.prepare<[number, number]>('DELETE FROM idempotency_keys WHERE run_pk = ? AND last_seq < ?'),
    deleteKeys: db.prepare<[number]>('DELETE FROM idempotency_keys WHERE run_pk = ?'),
    listFirst: db.prepare<ListParams, ListRow>(
      `SELECT ${listColumns} FROM ${withSteps} WHERE tenant = @tenant ${newestFirst}`,
    ),
    listAfter: db.prepare<ListParams, ListRow>(
      `SELECT ${listColumns} FROM ${withSteps} WHERE tenant = @tenant AND ${afterCursor} ${newestFirst}`,
    ),
    listStatusFirst: db.prepare<ListParams, ListRow>(
      `SELECT ${listColumns} FROM ${withSteps} WHERE tenant = @tenant AND status = @status ${newestFirst}`,
    ),
    listStatusAfter: db.prepare<ListParams, ListRow>(
      `SELECT ${listColumns} FROM ${withSteps} WHERE tenant = @tenant AND status = @status AND ${afterCursor} ${newestFirst}`,
    ),
    /** The sample of an estimate: per tenant (see estimate.ts), on index runs_succeeded_by_tenant_kind. */
    lastSucceeded: db.prepare<[string, string, number], SnapshotColumns>(
      `SELECT snapshot, steps FROM ${withSteps}
       WHERE tenant = ? AND kind = ? AND status = 'succeeded' ORDER BY ended_ms DESC LIMIT ?`,
    ),
    selectExpired: db.prepare<[number, number], ExpiringRun>(
      'SELECT pk, tenant, bytes, first_seq AS firstSeq, seq FROM runs WHERE ended_ms IS NOT NULL AND ended_ms < ? LIMIT ?',
    ),
    tenantBytes: db.prepare<[string], number>('SELECT bytes FROM tenant_usage WHERE tenant = ?').pluck(),
    addTenantBytes: db.prepare<[string, number]>(
      `INSERT INTO tenant_usage (tenant, bytes) VALUES (?, ?)
       ON CONFLICT (tenant) DO UPDATE SET bytes = bytes + excluded.bytes`,
    ),
    rangeBytes: db
      .prepare<[number, number, number], number>(
        'SELECT coalesce(sum(octet_length(body)), 0) FROM events WHERE run_pk = ? AND seq >= ? AND seq < ?',
      )
      .pluck(),
    countActive: db
      .prepare<[string], number>('SELECT count(*) FROM runs WHERE tenant = ? AND ended_ms IS NULL')
      .pluck(),
    selectIdle: db.prepare<[number, number], ExpiringRun>(
      'SELECT pk, tenant, bytes, first_seq AS firstSeq, seq FROM runs WHERE ended_ms IS NULL AND touched_ms < ? LIMIT ?',
    ),
    deleteRun: db.prepare<[number]>('DELETE FROM runs WHERE pk = ?'),
    queuePurge: db.prepare<[number, number, number]>(
      'INSERT INTO purge_queue (run_pk, next_seq, last_seq) VALUES (?, ?, ?)',
    ),
    nextPurge: db.prepare<[], { runPk: number; nextSeq: number; lastSeq: number }>(
      'SELECT run_pk AS runPk, next_seq AS nextSeq, last_seq AS lastSeq FROM purge_queue LIMIT 1',
    ),
    advancePurge: db.prepare<[number, number]>('UPDATE purge_queue SET next_seq = ? WHERE run_pk = ?'),
    donePurge: db.prepare<[number]>('DELETE FROM purge_queue WHERE run_pk = ?'),
  };
}
