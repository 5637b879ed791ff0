/**
 * Section `store` (the former bench/sqlite-store-append.ts): appends/s of the SQLite run
 * store, single lines and 100-line batches, beside a raw better-sqlite3 insert loop on the
 * same pragmas (the floor: no validation, no seq bookkeeping, no snapshot), and how fast a
 * log tail and an events page read on a big run. Runs in this process: it measures the
 * store, not a server.
 * @module
 */
import Database from 'better-sqlite3';
import type { RunEventInput } from '../../src/contract/index.js';
import { openSqliteStore, type SqliteRunStore, type SqliteStoreOptions } from '../../server/store/sqlite-store.js';
import { byMode, type BenchContext, type Json } from './context.js';

const line = (i: number): RunEventInput => ({
  type: 'log',
  level: 'info',
  text: `2026-11-25T05:00:00.000Z worker-3 processed record ${i} of the batch, 142 fields, checksum ok`,
});
const batchOf = (size: number, from: number) => Array.from({ length: size }, (_, i) => line(from + i));
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

interface AppendRow {
  batch: number;
  appends: number;
  appendsPerSec: number;
  linesPerSec: number;
}

/** The store's append loop, one `append` per batch, as the ingest route calls it. */
async function storeAppends(
  ctx: BenchContext,
  batch: number,
  appends: number,
  options: Partial<SqliteStoreOptions> = {},
  keyed = false,
): Promise<AppendRow> {
  const store = openSqliteStore({ path: ctx.sqliteSpec(), ...options });
  try {
    await store.createRun('bench', { id: 'run' }, new Date());
    const now = new Date();
    const start = process.hrtime.bigint();
    for (let i = 0; i < appends; i++) {
      const outcome = await store.append('run', batchOf(batch, i * batch), {
        now,
        idempotencyKey: keyed ? `key-${i}` : undefined,
      });
      if (!outcome.ok) throw new Error(outcome.detail);
    }
    const perSec = appends / seconds(start);
    return { batch, appends, appendsPerSec: round(perSec), linesPerSec: round(perSec * batch) };
  } finally {
    await store.close();
  }
}

/**
 * The floor: a prepared INSERT of the same JSON into a two-column table, one transaction per
 * batch, with the store's pragmas (WAL, synchronous NORMAL or FULL).
 */
function rawAppends(ctx: BenchContext, batch: number, appends: number, synchronous: 'NORMAL' | 'FULL'): AppendRow {
  const db = new Database(ctx.sqliteSpec());
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO events (seq, body) VALUES (?, ?)');
    const insertBatch = db.transaction((from: number) => {
      for (let i = 0; i < batch; i++) insert.run(from + i + 1, JSON.stringify(line(from + i)));
    });
    const start = process.hrtime.bigint();
    for (let i = 0; i < appends; i++) insertBatch(i * batch);
    const perSec = appends / seconds(start);
    return { batch, appends, appendsPerSec: round(perSec), linesPerSec: round(perSec * batch) };
  } finally {
    db.close();
  }
}

async function timeMs<T>(fn: () => Promise<T>, repeat: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) await fn();
  return round(Number(process.hrtime.bigint() - start) / 1e6 / repeat, 3);
}

async function bigRunReads(ctx: BenchContext, events: number): Promise<Json> {
  const store: SqliteRunStore = openSqliteStore({ path: ctx.sqliteSpec() });
  try {
    await store.createRun('bench', { id: 'run' }, new Date());
    const start = process.hrtime.bigint();
    for (let seq = 0; seq < events; seq += 1000) {
      const batch = batchOf(1000, seq);
      if (seq % 10_000 === 0)
        batch[0] = { type: 'progress', phase: `phase-${seq / 10_000}`, percent: (100 * seq) / events };
      await store.append('run', batch, { now: new Date() });
    }
    return {
      events,
      fillSeconds: round(seconds(start), 1),
      readLogTail200Ms: await timeMs(() => store.readLogTail('run', 200), 200),
      readEventsLast5000Ms: await timeMs(() => store.readEvents('run', events - 5000, 5000), 20),
      readEventsFirst5000Ms: await timeMs(() => store.readEvents('run', 0, 5000), 20),
      getRunMs: await timeMs(() => store.getRun('run'), 1000),
    };
  } finally {
    await store.close();
  }
}

/** Appends/s (store vs raw floor) at both durability levels, and reads on a big run. */
export async function store(ctx: BenchContext): Promise<Json> {
  const n = byMode(ctx, {
    smoke: { batches: 50, singles: 500, fsync: 20, big: 10_000 },
    quick: { batches: 500, singles: 5000, fsync: 100, big: 100_000 },
    full: { batches: 2000, singles: 20_000, fsync: 1000, big: 1_000_000 },
  });
  ctx.log('store: appends, SQLite run store beside a raw better-sqlite3 insert loop');
  const rows: Json = {
    '100-line batches, durability process': {
      store: await storeAppends(ctx, 100, n.batches),
      raw: rawAppends(ctx, 100, n.batches, 'NORMAL'),
    },
    '100-line batches with idempotency keys': {
      store: await storeAppends(ctx, 100, n.batches, {}, true),
      raw: rawAppends(ctx, 100, n.batches, 'NORMAL'),
    },
    'single lines, durability process': {
      store: await storeAppends(ctx, 1, n.singles),
      raw: rawAppends(ctx, 1, n.singles, 'NORMAL'),
    },
    'single lines, durability power-loss (fsync per commit)': {
      store: await storeAppends(ctx, 1, n.fsync, { durability: 'power-loss' }),
      raw: rawAppends(ctx, 1, n.fsync, 'FULL'),
    },
    '100-line batches, durability power-loss': {
      store: await storeAppends(ctx, 100, Math.ceil(n.fsync / 2), { durability: 'power-loss' }),
      raw: rawAppends(ctx, 100, Math.ceil(n.fsync / 2), 'FULL'),
    },
  };
  ctx.log(`store: reads on a run of ${n.big} events`);
  return { rows, bigRun: await bigRunReads(ctx, n.big) };
}
