import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../src/contract/index.js';
import { SseClient } from './support/sse-client.js';
import { logLines, startTestServer, type TestServer } from './support/test-server.js';

const frames = (sse: SseClient) => sse.messages.map((m) => JSON.parse(m.data) as ServerFrame);
const seqsOf = (list: ServerFrame[], run: string) =>
  list.flatMap((f) => (f.type === 'event' && f.run === run ? [f.event.seq] : []));

describe('multi-run transports', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ heartbeatMs: 100, retention: { maxEventsPerRun: 10 } });
    await t.createRun({ id: 'ma' });
    await t.append('ma', logLines(4));
    await t.createRun({ id: 'mb' });
    await t.append('mb', logLines(2));
    await t.createRun({ id: 'done' });
    await t.append('done', [...logLines(1), { type: 'status', status: 'cancelled' }]);
    await t.createRun({ id: 'trim' });
    await t.append('trim', logLines(25));
  });
  afterAll(() => t.close());

  describe('GET /stream', () => {
    it('sends ready, then each run from its own cursor, end and error frames, live events and heartbeats', async () => {
      const sse = await SseClient.open(`${t.url}/stream?runs=ma:2,mb:0,done:0,ghost:0`);
      expect(sse.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(sse.response.headers.get('x-accel-buffering')).toBe('no');
      await sse.until((m) => m.length >= 1);
      expect(frames(sse)[0]).toEqual({ type: 'ready', heartbeatMs: 100 });
      expect(sse.messages.every((m) => m.event === undefined && m.id === undefined)).toBe(true);
      await sse.until(() => seqsOf(frames(sse), 'ma').length === 2 && seqsOf(frames(sse), 'mb').length === 2);
      await t.append('ma', logLines(1, 5));
      await t.append('mb', [{ type: 'status', status: 'succeeded' }]);
      await sse.until(
        () => frames(sse).some((f) => f.type === 'end' && f.run === 'mb') && seqsOf(frames(sse), 'ma').length === 3,
      );
      const all = frames(sse);
      expect(seqsOf(all, 'ma')).toEqual([3, 4, 5]);
      expect(seqsOf(all, 'mb')).toEqual([1, 2, 3]);
      expect(seqsOf(all, 'done')).toEqual([1, 2]);
      expect(all).toContainEqual({ type: 'end', run: 'done', seq: 2, status: 'cancelled' });
      expect(all).toContainEqual({ type: 'end', run: 'mb', seq: 3, status: 'succeeded' });
      const error = all.find((f) => f.type === 'error');
      expect(error).toMatchObject({ type: 'error', run: 'ghost', problem: { status: 404 } });
      const seen = sse.messages.length;
      await sse.until(() =>
        frames(sse)
          .slice(seen)
          .some((f) => f.type === 'heartbeat'),
      );
      const beat = frames(sse)
        .slice(seen)
        .find((f) => f.type === 'heartbeat');
      // Only runs still followed: mb and done have ended, ghost failed.
      expect(beat).toMatchObject({ type: 'heartbeat', runs: { ma: 5 } });
      expect(Object.keys((beat as { runs: object }).runs)).toEqual(['ma']);
      sse.close();
    });

    it('sends reset frames for trimmed and ahead cursors', async () => {
      const sse = await SseClient.open(`${t.url}/stream?runs=trim:0,mb:99`);
      await sse.until(() => frames(sse).filter((f) => f.type === 'reset').length === 2);
      const resets = frames(sse).filter((f) => f.type === 'reset');
      expect(resets).toContainEqual(
        expect.objectContaining({ run: 'trim', reason: 'trimmed', snapshot: expect.objectContaining({ seq: 25 }) }),
      );
      // mb has ended: after the reset there is nothing more, so its subscription ends too.
      expect(resets).toContainEqual(
        expect.objectContaining({ run: 'mb', reason: 'ahead', snapshot: expect.objectContaining({ seq: 3 }) }),
      );
      await sse.until(() => frames(sse).some((f) => f.type === 'end' && f.run === 'mb'));
      sse.close();
    });

    it('answers 400 for a missing, malformed or repeated runs parameter', async () => {
      const tooMany = Array.from({ length: 101 }, (_, i) => `r${i}:0`).join(',');
      for (const query of ['', '?runs=a', '?runs=a:1,a:2', '?runs=a:-1', '?runs=bad%20id:1', `?runs=${tooMany}`]) {
        const sse = await SseClient.open(`${t.url}/stream${query}`);
        expect(sse.response.status, query).toBe(400);
      }
    });
  });

  describe('GET /poll', () => {
    it('answers the frames ready now for each run', async () => {
      const res = await t.api('/poll?runs=ma:3,done:0,trim:0,ghost:0,mb:3');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { frames: ServerFrame[] };
      expect(
        body.frames.filter((f) => f.type === 'event' && f.run === 'ma').map((f) => f.type === 'event' && f.event.seq),
      ).toEqual([4, 5]);
      expect(seqsOf(body.frames, 'done')).toEqual([1, 2]);
      expect(body.frames).toContainEqual({ type: 'end', run: 'done', seq: 2, status: 'cancelled' });
      expect(body.frames).toContainEqual({ type: 'end', run: 'mb', seq: 3, status: 'succeeded' });
      expect(body.frames).toContainEqual(expect.objectContaining({ type: 'reset', run: 'trim', reason: 'trimmed' }));
      expect(body.frames).toContainEqual(
        expect.objectContaining({ type: 'error', run: 'ghost', problem: expect.objectContaining({ status: 404 }) }),
      );
      expect(body.frames.some((f) => f.type === 'ready' || f.type === 'heartbeat')).toBe(false);
    });

    it('pages with limit per run and continues from the last seq', async () => {
      const first = (await (await t.api('/poll?runs=ma:0&limit=2')).json()) as { frames: ServerFrame[] };
      expect(seqsOf(first.frames, 'ma')).toEqual([1, 2]);
      const next = (await (await t.api('/poll?runs=ma:2&limit=2')).json()) as { frames: ServerFrame[] };
      expect(seqsOf(next.frames, 'ma')).toEqual([3, 4]);
      const idle = (await (await t.api('/poll?runs=ma:5')).json()) as { frames: ServerFrame[] };
      expect(idle.frames).toEqual([]);
      expect((await t.api('/poll?runs=ma:0&limit=0')).status).toBe(400);
    });
  });
});
