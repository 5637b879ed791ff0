/**
 * Issue 13, item 2: REST reads bounded in bytes. Each page stops at `maxPageBytes` and
 * says where to continue with the contract's own cursors (`lastSeq`, `next`, the poll's
 * run cursors); one item larger than the bound is served alone; and answers that the
 * clients of one principal do not read are bounded by `maxUnsentBytesPerPrincipal`.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPage, LogTail, RunEventInput, RunSnapshot, ServerFrame } from '../../src/contract/index.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const KIB = 1024;
const MAX_PAGE = 256 * KIB;
const line = (size: number): RunEventInput => ({ type: 'log', text: 'x'.repeat(size) });
const lines = (n: number, size: number): RunEventInput[] => Array.from({ length: n }, () => line(size));

describe('REST answers bounded in bytes', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('ends an events page at the byte bound; following lastSeq reads every event once', async () => {
    t = await startTestServer({ limits: { maxPageBytes: MAX_PAGE } });
    await t.createRun({ id: 'big' });
    // 200 lines of 16 KiB (3.2 MB), then one line of 512 KiB, larger than the bound.
    for (let i = 0; i < 4; i++) await t.append('big', lines(50, 16 * KIB));
    await t.append('big', [line(512 * KIB), ...lines(3, 16 * KIB)]);
    const first = await t.api('/runs/big/events?limit=5000');
    const text = await first.text();
    // Before: all 204 events, 3.7 MB, in one answer.
    expect(text.length).toBeLessThanOrEqual(MAX_PAGE + 2 * KIB);
    const page = JSON.parse(text) as EventPage;
    expect(page.lastSeq).toBe(204);
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.at(-1)!.seq).toBeLessThan(page.lastSeq);
    const seen: number[] = [];
    let after = 0;
    for (let i = 0; i < 100 && after < 204; i++) {
      const next = (await (await t.api(`/runs/big/events?after=${after}&limit=5000`)).json()) as EventPage;
      if (next.events.length === 0) break;
      for (const e of next.events) seen.push(e.seq);
      after = next.events.at(-1)!.seq;
    }
    expect(seen).toEqual(Array.from({ length: 204 }, (_, i) => i + 1));
    // The 512 KiB line comes alone: no reader can be stuck behind it.
    const alone = (await (await t.api('/runs/big/events?after=200')).json()) as EventPage;
    expect(alone.events.map((e) => e.seq)).toEqual([201]);
  });

  it('answers the newest log lines that fit the bound', async () => {
    t = await startTestServer({ limits: { maxPageBytes: MAX_PAGE } });
    await t.createRun({ id: 'logs' });
    for (let i = 0; i < 4; i++) await t.append('logs', lines(50, 16 * KIB));
    const tail = (await (await t.api('/runs/logs/logs?tail=5000')).json()) as LogTail;
    expect(tail.lastSeq).toBe(200);
    expect(tail.lines.length).toBeGreaterThan(0);
    expect(tail.lines.length).toBeLessThan(200);
    expect(tail.lines.at(-1)!.seq).toBe(200);
    expect(tail.lines.reduce((n, l) => n + l.text.length, 0)).toBeLessThanOrEqual(MAX_PAGE);
  });

  it('ends a list of runs with large checklists early, with next, and walks every run once', async () => {
    t = await startTestServer({ limits: { maxPageBytes: MAX_PAGE } });
    const label = 'l'.repeat(4000);
    // 20 runs with 20-step checklists of 4 KB labels: about 80 KB each, 1.6 MB in all.
    for (let i = 0; i < 20; i++) {
      await t.createRun({
        id: `run-${String(i).padStart(2, '0')}`,
        steps: Array.from({ length: 20 }, (_, k) => ({ key: `s${k}`, label })),
      });
    }
    const res = await t.api('/runs?limit=100');
    const text = await res.text();
    expect(text.length).toBeLessThanOrEqual(MAX_PAGE + 100 * KIB);
    const first = JSON.parse(text) as { runs: RunSnapshot[]; next?: string };
    expect(first.runs.length).toBeLessThan(20);
    expect(first.next).toBeDefined();
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const page = (await (await t.api(`/runs?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
        runs: RunSnapshot[];
        next?: string;
      };
      ids.push(...page.runs.map((r) => r.id));
      cursor = page.next;
      if (!cursor) break;
    }
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `run-${String(19 - i).padStart(2, '0')}`));
  });

  it('bounds a poll over many runs; polling on from the cursors delivers every event once', async () => {
    t = await startTestServer({ limits: { maxPageBytes: MAX_PAGE } });
    const runs = ['a', 'b', 'c', 'd'];
    for (const run of runs) {
      await t.createRun({ id: run });
      await t.append(run, lines(40, 16 * KIB));
    }
    const cursors = new Map(runs.map((r) => [r, 0]));
    const seen = new Map<string, number[]>(runs.map((r) => [r, []]));
    let firstAnswer = 0;
    for (let i = 0; i < 100; i++) {
      const query = runs.map((r) => `${r}:${cursors.get(r)}`).join(',');
      const res = await t.api(`/poll?runs=${query}&limit=5000`);
      const text = await res.text();
      if (i === 0) firstAnswer = text.length;
      const { frames } = JSON.parse(text) as { frames: ServerFrame[] };
      const events = frames.filter((f) => f.type === 'event');
      if (events.length === 0) break;
      for (const f of events) {
        seen.get(f.run)!.push(f.event.seq);
        cursors.set(f.run, f.event.seq);
      }
    }
    // Before: 4 × 40 lines of 16 KiB (2.6 MB) in the first answer.
    expect(firstAnswer).toBeLessThanOrEqual(MAX_PAGE + 2 * KIB);
    for (const run of runs) expect(seen.get(run)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

/** A raw request that never reads its answer. */
async function unreadRequest(url: URL, path: string, token: string): Promise<Socket> {
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.pause();
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  return socket;
}

describe('answers a principal does not read', () => {
  let t: TestServer | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await t?.close();
    t = undefined;
  });

  it('refuses more reads of a principal whose answers pile up unread, and no other principal', async () => {
    const tokens = {
      'a-read': { tenant: 'a', role: 'reader' as const },
      'a-write': { tenant: 'a', role: 'producer' as const },
      'b-read': { tenant: 'b', role: 'reader' as const },
    };
    // Answers of 24 MiB: more than the kernel's socket buffers on loopback can hide.
    t = await startTestServer({
      auth: { tokens },
      limits: { maxPageBytes: 24 * 1024 * KIB, maxUnsentBytesPerPrincipal: 32 * 1024 * KIB },
    });
    await t.createRun({ id: 'huge' }, 'a-write');
    for (let i = 0; i < 16; i++) await t.append('huge', lines(48, 32 * KIB), 'a-write');
    const url = new URL(t.url);
    let refused: Response | undefined;
    for (let i = 0; i < 8 && !refused; i++) {
      sockets.push(await unreadRequest(url, '/api/runs/huge/events?limit=5000', 'a-read'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Half the history: 12 MiB, which does not fit beside one unread answer.
      const probe = await t.api('/runs/huge/events?limit=384', { token: 'a-read' });
      if (probe.status === 429) refused = probe;
      else await probe.arrayBuffer();
    }
    // Before: every stalled reader got its 24 MiB answer queued in memory; nothing was refused.
    expect(refused?.status).toBe(429);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(sockets.length).toBe(1);
    const other = await t.api('/runs', { token: 'b-read' });
    expect(other.status).toBe(200);
    // Once the clients read (or leave), the principal reads again.
    for (const s of sockets.splice(0)) s.destroy();
    await expect
      .poll(async () => (await t!.api('/runs/huge/events?limit=384', { token: 'a-read' })).status, { timeout: 5000 })
      .toBe(200);
  });
});
