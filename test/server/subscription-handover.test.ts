import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunEventInput } from '../../src/contract/index.js';
import { createAccessPolicy } from '../../server/auth/access.js';
import { OPEN_TENANT, type Principal } from '../../server/auth/principal.js';
import type { RunStore } from '../../server/store/run-store.js';
import { openSqliteStore, type SqliteRunStore } from '../../server/store/sqlite-store.js';
import { StreamHub } from '../../server/streams/hub.js';
import type { SubscriptionSink } from '../../server/streams/sink.js';
import { CATCH_UP_PAGE, LIVE_BUFFER_EVENTS } from '../../server/streams/subscription.js';
import { delegatingStore } from './support/delegating-store.js';

// The catch-up/live handover, driven step by step: a store wrapper runs a hook inside
// `readEvents`, so appends land exactly while history is being read.

const principal: Principal = { tenant: OPEN_TENANT, role: 'producer', anonymous: true };
const lines = (n: number, from = 1): RunEventInput[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'log', text: `l${from + i}` }));

interface Recorded {
  sink: SubscriptionSink;
  log: Array<{ kind: string; seq?: number; reason?: string }>;
  ended: Promise<void>;
  seqs(): number[];
}

function recorder(): Recorded {
  const log: Recorded['log'] = [];
  let done!: () => void;
  const ended = new Promise<void>((resolve) => (done = resolve));
  return {
    log,
    ended,
    seqs: () => log.flatMap((e) => (e.kind === 'event' ? [e.seq!] : [])),
    sink: {
      event: (event: RunEvent) => log.push({ kind: 'event', seq: event.seq }),
      reset: (reason, snapshot) => log.push({ kind: 'reset', reason, seq: snapshot.seq }),
      end: (seq) => {
        log.push({ kind: 'end', seq });
        done();
      },
      error: () => {
        log.push({ kind: 'error' });
        done();
      },
      room: () => undefined,
    },
  };
}

describe('subscription hub handover', () => {
  let dir: string;
  let real: SqliteRunStore;
  let duringRead: ((call: number) => Promise<void>) | undefined;
  let store: RunStore;
  let hub: StreamHub;

  const open = (maxEventsPerRun?: number) => {
    real = openSqliteStore({ path: join(dir, 'runs.db'), retention: { maxEventsPerRun } });
    let calls = 0;
    store = delegatingStore(real, {
      async readEvents(runId, after, limit) {
        const page = await real.readEvents(runId, after, limit);
        await duringRead?.(++calls);
        return page;
      },
    });
    hub = new StreamHub({
      store,
      access: createAccessPolicy(undefined),
      decorate: async (s) => s,
      fail: (m, e) => console.error(m, e),
    });
  };
  const now = () => new Date();
  const append = (events: RunEventInput[]) => real.append('r', events, { now: now() });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rpk-hub-'));
    duringRead = undefined;
  });
  afterEach(async () => {
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers an event committed after the history read but before going live exactly once', async () => {
    open();
    await real.createRun(OPEN_TENANT, { id: 'r' }, now());
    await append(lines(3));
    duringRead = async (call) => {
      if (call === 1) await append(lines(2, 4));
    };
    const rec = recorder();
    const sub = hub.follow(principal, 'r', 1, rec.sink, 'sse');
    await expect.poll(() => rec.seqs().length).toBe(4);
    await append([{ type: 'status', status: 'succeeded' }]);
    await rec.ended;
    expect(rec.seqs()).toEqual([2, 3, 4, 5, 6]);
    expect(rec.log.at(-1)).toEqual({ kind: 'end', seq: 6 });
    expect(sub.active).toBe(false);
    expect(hub.runCount).toBe(0);
  });

  it('falls back to the store when more live events arrive during catch-up than the buffer holds', async () => {
    open();
    await real.createRun(OPEN_TENANT, { id: 'r' }, now());
    await append(lines(CATCH_UP_PAGE + 10));
    duringRead = async (call) => {
      if (call === 1) for (let i = 0; i < 3; i++) await append(lines(LIVE_BUFFER_EVENTS / 2, 10_000 * (i + 1)));
    };
    const rec = recorder();
    hub.follow(principal, 'r', 0, rec.sink, 'sse');
    const total = CATCH_UP_PAGE + 10 + 3 * (LIVE_BUFFER_EVENTS / 2);
    await expect.poll(() => rec.seqs().length, { timeout: 10_000 }).toBe(total);
    await append([
      { type: 'log', text: 'live' },
      { type: 'status', status: 'failed' },
    ]);
    await rec.ended;
    const seqs = rec.seqs();
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs.length).toBe(total + 2);
  });

  it('sends a reset when the history after the cursor is trimmed while it is being read', async () => {
    open(100);
    await real.createRun(OPEN_TENANT, { id: 'r' }, now());
    await append(lines(10));
    // More than the live buffer holds, so the gap must come from the store, which has trimmed it.
    const burst = LIVE_BUFFER_EVENTS + 500;
    duringRead = async (call) => {
      if (call === 1) await append(lines(burst, 11));
    };
    const rec = recorder();
    hub.follow(principal, 'r', 0, rec.sink, 'sse');
    await expect.poll(() => rec.log.some((e) => e.kind === 'reset')).toBe(true);
    await append([{ type: 'status', status: 'succeeded' }]);
    await rec.ended;
    const reset = rec.log.findIndex((e) => e.kind === 'reset');
    expect(rec.log[reset]).toEqual({ kind: 'reset', reason: 'trimmed', seq: 10 + burst });
    // Before the reset: the page read before trimming. After: continues from the snapshot.
    expect(rec.seqs().slice(0, 10)).toEqual(lines(10).map((_, i) => i + 1));
    expect(rec.log.slice(reset + 1)).toEqual([
      { kind: 'event', seq: 11 + burst },
      { kind: 'end', seq: 11 + burst },
    ]);
  });
});
