/**
 * Throughput of the SQLite run store on this machine: appends per second of 100-line
 * batches and of single lines, with both durability levels, and how fast a log tail and
 * an events page read on a run of a million events.
 *
 *   npx tsx bench/sqlite-store-append.ts [--events 1000000]
 *
 * Prints one line per measure; writes only to a temporary directory it deletes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunEventInput } from '../src/contract/index.js';
import { openSqliteStore, type SqliteRunStore, type SqliteStoreOptions } from '../server/store/sqlite-store.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000000' } } });
const bigRunEvents = Number(values.events);
const dir = mkdtempSync(join(tmpdir(), 'sqlite-bench-'));
let stores = 0;

const line = (i: number): RunEventInput => ({
  type: 'log',
  level: 'info',
  text: `2026-11-25T05:00:00.000Z worker-3 processed record ${i} of the batch, 142 fields, checksum ok`,
});
const batchOf = (size: number, from: number) => Array.from({ length: size }, (_, i) => line(from + i));

async function freshRun(options: Partial<SqliteStoreOptions> = {}): Promise<SqliteRunStore> {
  const store = openSqliteStore({ path: join(dir, `bench-${++stores}.db`), ...options });
  await store.createRun('bench', { id: 'run' }, new Date());
  return store;
}

async function appendsPerSecond(
  label: string,
  batchSize: number,
  appends: number,
  options: Partial<SqliteStoreOptions> = {},
  keyed = false,
) {
  const store = await freshRun(options);
  const now = new Date();
  const start = process.hrtime.bigint();
  for (let i = 0; i < appends; i++) {
    const outcome = await store.append('run', batchOf(batchSize, i * batchSize), {
      now,
      idempotencyKey: keyed ? `key-${i}` : undefined,
    });
    if (!outcome.ok) throw new Error(outcome.detail);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = appends / seconds;
  console.log(
    `${label}: ${Math.round(perSecond).toLocaleString('en')} appends/s = ${Math.round(perSecond * batchSize).toLocaleString('en')} lines/s (${appends} appends of ${batchSize})`,
  );
  await store.close();
}

async function time<T>(fn: () => Promise<T>, repeat: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / repeat;
}

try {
  await appendsPerSecond('100-line batches, durability process', 100, 2000);
  await appendsPerSecond('100-line batches with idempotency keys', 100, 2000, {}, true);
  await appendsPerSecond('single lines, durability process', 1, 20_000);
  await appendsPerSecond('single lines, durability power-loss (fsync per commit)', 1, 1000, {
    durability: 'power-loss',
  });
  await appendsPerSecond('100-line batches, durability power-loss', 100, 500, { durability: 'power-loss' });

  const store = await freshRun();
  const fillStart = process.hrtime.bigint();
  for (let seq = 0; seq < bigRunEvents; seq += 1000) {
    const events = batchOf(1000, seq);
    if (seq % 10_000 === 0)
      events[0] = { type: 'progress', phase: `phase-${seq / 10_000}`, percent: (100 * seq) / bigRunEvents };
    await store.append('run', events, { now: new Date() });
  }
  const fillSeconds = Number(process.hrtime.bigint() - fillStart) / 1e9;
  console.log(`filled a run with ${bigRunEvents.toLocaleString('en')} events in ${fillSeconds.toFixed(1)} s`);
  console.log(`readLogTail(200) on it: ${(await time(() => store.readLogTail('run', 200), 200)).toFixed(3)} ms`);
  console.log(
    `readEvents(after last-5000, 5000): ${(await time(() => store.readEvents('run', bigRunEvents - 5000, 5000), 20)).toFixed(2)} ms`,
  );
  console.log(`readEvents(after 0, 5000): ${(await time(() => store.readEvents('run', 0, 5000), 20)).toFixed(2)} ms`);
  console.log(`getRun: ${(await time(() => store.getRun('run'), 1000)).toFixed(3)} ms`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
