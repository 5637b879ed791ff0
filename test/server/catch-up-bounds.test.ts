/**
 * Issue 13, item 1: history replay to readers that never read. Catch-up pages are bounded
 * in bytes, and the subscriptions of one connection take turns, so what the server holds
 * per connection while its socket is full stays under `catchUpPageBytes` plus one event
 * (before: a page of 500 events, 128 MB of 256 KiB lines, per subscriber).
 */
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunEventInput } from '../../src/contract/index.js';
import { createAccessPolicy } from '../../server/auth/access.js';
import { OPEN_TENANT, type Principal } from '../../server/auth/principal.js';
import { startRunServer, type StartedRunServer } from '../../server/index.js';
import type { RunStore, StoredEventPage } from '../../server/store/run-store.js';
import { openSqliteStore, type SqliteRunStore } from '../../server/store/sqlite-store.js';
import { CatchUpTurns } from '../../server/streams/catch-up-turns.js';
import { StreamHub } from '../../server/streams/hub.js';
import type { SubscriptionSink } from '../../server/streams/sink.js';
import { delegatingStore } from './support/delegating-store.js';

const KIB = 1024;
const LINE = 'x'.repeat(16 * KIB);
const PAGE_BYTES = 128 * KIB;
/** One stored line: the text plus its JSON envelope. */
const EVENT_BYTES = LINE.length + 200;
const lines = (n: number): RunEventInput[] => Array.from({ length: n }, () => ({ type: 'log', text: LINE }));
const pageBytes = (page: StoredEventPage | undefined) =>
  (page?.events ?? []).reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0);
const principal: Principal = { tenant: OPEN_TENANT, role: 'producer', anonymous: true };

/** A store that records the bytes of every page it answers. */
function recording(real: RunStore): { store: RunStore; pages: number[] } {
  const pages: number[] = [];
  const store = delegatingStore(real, {
    async readEvents(...args) {
      const page = await real.readEvents(...args);
      pages.push(pageBytes(page));
      return page;
    },
  });
  return { store, pages };
}

/** Waits until `count()` has not changed for `quietMs` (at most `timeoutMs`). */
async function settled(count: () => number, quietMs = 300, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('catch-up memory per reader that does not read', () => {
  let dir: string | undefined;
  let real: SqliteRunStore | undefined;
  let server: StartedRunServer | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await server?.close();
    await real?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    server = real = dir = undefined;
  });

  async function serve() {
    dir = mkdtempSync(join(tmpdir(), 'rpk-catchup-'));
    real = openSqliteStore({ path: join(dir, 'runs.db') });
    const rec = recording(real);
    server = await startRunServer({
      store: rec.store,
      limits: { catchUpPageBytes: PAGE_BYTES, maxBufferedBytes: 256 * KIB },
    });
    return { real, rec, server };
  }

  it('reads history for per-run SSE in pages bounded in bytes, whatever the page length in events', async () => {
    const { real, rec, server } = await serve();
    await real.createRun(OPEN_TENANT, { id: 'big' }, new Date());
    // 500 lines of 16 KiB: 8 MB of history, the shape of the attack at 1/16 scale.
    for (let i = 0; i < 5; i++) await real.append('big', lines(100), { now: new Date() });
    const url = new URL(server.url);
    for (let i = 0; i < 4; i++) {
      const socket = connect(Number(url.port), url.hostname);
      socket.on('error', () => {});
      socket.pause();
      socket.write(`GET /api/runs/big/stream?after=0 HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
      sockets.push(socket);
    }
    await expect.poll(() => server.runServer.stats().connections).toBe(4);
    await settled(() => rec.pages.length);
    expect(rec.pages.length).toBeGreaterThan(0);
    // Before: the first page was all 500 events (8 MB) for every reader.
    expect(Math.max(...rec.pages)).toBeLessThanOrEqual(PAGE_BYTES + EVENT_BYTES);
    expect(server.runServer.stats().dropped).toBe(0);
  });

  it("reads the history of a WebSocket's subscriptions in pages bounded in bytes", async () => {
    const { real, rec, server } = await serve();
    for (let r = 0; r < 20; r++) {
      await real.createRun(OPEN_TENANT, { id: `run-${r}` }, new Date());
      await real.append(`run-${r}`, lines(64), { now: new Date() });
    }
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/ws');
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
    ws.pause();
    for (let r = 0; r < 20; r++) ws.send(JSON.stringify({ type: 'subscribe', run: `run-${r}`, after: 0 }));
    await settled(() => rec.pages.length);
    expect(Math.max(...rec.pages)).toBeLessThanOrEqual(PAGE_BYTES + EVENT_BYTES);
    ws.terminate();
  });
});

describe('catch-up turns', () => {
  let dir: string | undefined;
  let real: SqliteRunStore | undefined;
  afterEach(async () => {
    await real?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds at most one page per connection while the socket is full, then delivers every seq once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-turns-'));
    real = openSqliteStore({ path: join(dir, 'runs.db') });
    const rec = recording(real);
    const hub = new StreamHub({
      store: rec.store,
      access: createAccessPolicy(undefined),
      decorate: async (s) => s,
      fail: (m, e) => console.error(m, e),
      pageBytes: PAGE_BYTES,
    });
    const runs = Array.from({ length: 20 }, (_, r) => `run-${r}`);
    for (const run of runs) {
      await real.createRun(OPEN_TENANT, { id: run }, new Date());
      await real.append(run, lines(64), { now: new Date() });
    }
    // One connection whose socket is full until the test opens it.
    let open = false;
    let wake: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => (wake = resolve));
    const turns = new CatchUpTurns();
    const delivered = new Map<string, number[]>();
    let deliveredBytes = 0;
    for (const run of runs) {
      const sink: SubscriptionSink = {
        event: (event: RunEvent) => {
          delivered.set(run, [...(delivered.get(run) ?? []), event.seq]);
          deliveredBytes += Buffer.byteLength(JSON.stringify(event));
        },
        reset: () => {},
        end: () => {},
        error: () => {},
        room: () => (open || deliveredBytes < PAGE_BYTES ? undefined : gate),
        turns,
      };
      hub.follow(principal, run, 0, sink, 'sse');
    }
    await settled(() => rec.pages.length);
    const read = rec.pages.reduce((a, b) => a + b, 0);
    // Read from the store but not yet handed to the socket: one page at most (before: 20 pages).
    expect(read - deliveredBytes).toBeLessThanOrEqual(PAGE_BYTES + EVENT_BYTES);
    expect(turns.waiting).toBe(19);
    open = true;
    wake!();
    await expect
      .poll(() => [...delivered.values()].reduce((n, s) => n + s.length, 0), { timeout: 10_000 })
      .toBe(20 * 64);
    for (const run of runs) expect(delivered.get(run)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
  });
});

describe('pages shared between readers of one run', () => {
  let dir: string | undefined;
  let real: SqliteRunStore | undefined;
  afterEach(async () => {
    await real?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a page once for readers at the same place, and each reader still gets every seq once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-shared-'));
    real = openSqliteStore({ path: join(dir, 'runs.db') });
    const store = real;
    let reads = 0;
    let appended = false;
    const wrapped = delegatingStore(real, {
      async readEvents(...args) {
        reads++;
        const page = await store.readEvents(...args);
        // Events land while history is read: after the first page, and again at the tail.
        if (!appended && page && page.events.at(-1)?.seq === page.lastSeq) {
          appended = true;
          await store.append('r', lines(3), { now: new Date() });
        }
        return page;
      },
    });
    const hub = new StreamHub({
      store: wrapped,
      access: createAccessPolicy(undefined),
      decorate: async (s) => s,
      fail: (m, e) => console.error(m, e),
      pageBytes: PAGE_BYTES,
    });
    await real.createRun(OPEN_TENANT, { id: 'r' }, new Date());
    await real.append('r', lines(64), { now: new Date() });
    const seqs: number[][] = [[], [], [], []];
    let ended = 0;
    const follow = (i: number) =>
      hub.follow(
        principal,
        'r',
        0,
        {
          event: (event: RunEvent) => seqs[i]!.push(event.seq),
          reset: () => seqs[i]!.push(-1),
          end: () => ended++,
          error: () => seqs[i]!.push(-2),
          room: () => undefined,
        },
        'sse',
      );
    for (let i = 0; i < 4; i++) follow(i);
    await expect.poll(() => seqs.every((s) => s.length >= 67), { timeout: 10_000 }).toBe(true);
    await real.append('r', [{ type: 'status', status: 'succeeded' }], { now: new Date() });
    await expect.poll(() => ended, { timeout: 5000 }).toBe(4);
    for (const s of seqs) expect(s).toEqual(Array.from({ length: 68 }, (_, k) => k + 1));
    // 64 lines of 16 KiB in pages of 128 KiB: about 9 pages, read once for the four readers
    // (plus the tail, which is never shared), not 4 × 9.
    expect(reads).toBeLessThan(20);
  });

  it("never hands a later reader a run's last page read before that reader was listening", async () => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-shared-'));
    real = openSqliteStore({ path: join(dir, 'runs.db') });
    const hub = new StreamHub({
      store: real,
      access: createAccessPolicy(undefined),
      decorate: async (s) => s,
      fail: (m, e) => console.error(m, e),
      pageBytes: PAGE_BYTES,
    });
    await real.createRun(OPEN_TENANT, { id: 'r' }, new Date());
    await real.append('r', lines(64), { now: new Date() });
    const sink = (seqs: number[], stallAfter = Infinity): SubscriptionSink => ({
      event: (event: RunEvent) => seqs.push(event.seq),
      reset: () => seqs.push(-1),
      end: () => {},
      error: () => seqs.push(-2),
      // Stalls for good inside the last page: the reader keeps holding that page.
      room: () => (seqs.length < stallAfter ? undefined : new Promise<void>(() => {})),
    });
    const a: number[] = [];
    hub.follow(principal, 'r', 0, sink(a, 63), 'sse');
    await expect.poll(() => a.length).toBe(63);
    await real.append('r', lines(3), { now: new Date() });
    // B starts listening after those three: the page A holds does not have them.
    const b: number[] = [];
    hub.follow(principal, 'r', 0, sink(b), 'sse');
    await expect.poll(() => b.length, { timeout: 5000 }).toBe(67);
    expect(b).toEqual(Array.from({ length: 67 }, (_, k) => k + 1));
  });
});
