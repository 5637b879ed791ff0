import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../src/contract/index.js';
import { SseClient } from './support/sse-client.js';
import { logLines, startTestServer, type TestServer } from './support/test-server.js';

describe('GET /runs/{id}/stream (per-run SSE)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ heartbeatMs: 100, retention: { maxEventsPerRun: 10 } });
    await t.createRun({ id: 'small' });
    await t.append('small', [
      { type: 'status', status: 'running' },
      { type: 'progress', phase: 'load', percent: 10 },
      ...logLines(3),
      { type: 'status', status: 'succeeded' },
    ]);
  });
  afterAll(() => t.close());

  it('sends the documented headers and retry first', async () => {
    const sse = await SseClient.open(`${t.url}/runs/small/stream`);
    expect(sse.response.status).toBe(200);
    expect(sse.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(sse.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(sse.response.headers.get('x-accel-buffering')).toBe('no');
    await sse.ended;
    expect(sse.retry).toBe(1000);
  });

  it('resumes from every cursor of a finished run with exactly the rest, then end (via ?after and Last-Event-ID)', async () => {
    for (let cursor = 0; cursor < 6; cursor++) {
      for (const how of ['query', 'header'] as const) {
        const sse =
          how === 'query'
            ? await SseClient.open(`${t.url}/runs/small/stream?after=${cursor}`)
            : await SseClient.open(`${t.url}/runs/small/stream?after=0`, { 'Last-Event-ID': String(cursor) });
        await sse.ended;
        const label = `${how} ${cursor}`;
        const runEvents = sse.messages.filter((m) => m.event === undefined);
        expect(
          runEvents.map((m) => Number(m.id)),
          label,
        ).toEqual([1, 2, 3, 4, 5, 6].slice(cursor));
        expect(
          runEvents.map((m) => (JSON.parse(m.data) as { seq: number }).seq),
          label,
        ).toEqual([1, 2, 3, 4, 5, 6].slice(cursor));
        const last = sse.messages.at(-1)!;
        expect(last.event, label).toBe('end');
        expect(JSON.parse(last.data), label).toEqual({ seq: 6, status: 'succeeded' });
      }
    }
  });

  it('answers 204 to a reconnect at or past the terminal event, so EventSource stops', async () => {
    for (const headers of [{ 'Last-Event-ID': '6' }, { 'Last-Event-ID': '9' }]) {
      const sse = await SseClient.open(`${t.url}/runs/small/stream`, headers);
      expect(sse.response.status).toBe(204);
    }
  });

  it('hands over from history to live without losing or doubling an event while a producer writes', async () => {
    await t.createRun({ id: 'busy' });
    await t.append('busy', logLines(5));
    let producing = true;
    const producer = (async () => {
      let n = 6;
      while (producing) {
        await t.append('busy', logLines(3, n));
        n += 3;
      }
      await t.append('busy', [{ type: 'status', status: 'succeeded' }]);
    })();
    const sse = await SseClient.open(`${t.url}/runs/busy/stream?after=2`);
    await sse.until((m) => m.filter((x) => x.event === undefined).length >= 40);
    producing = false;
    await producer;
    await sse.ended;
    const seqs = sse.runEvents().map((e) => e.seq);
    expect(seqs[0]).toBe(3);
    expect(seqs).toEqual(seqs.map((_, i) => 3 + i));
    expect(sse.messages.at(-1)?.event).toBe('end');
  });

  it('sends heartbeats with the last seq and the interval while idle', async () => {
    await t.createRun({ id: 'idle' });
    await t.append('idle', logLines(2));
    const sse = await SseClient.open(`${t.url}/runs/idle/stream`);
    const beat = await sse.next('heartbeat');
    expect(JSON.parse(beat.data)).toMatchObject({ seq: 2, intervalMs: 100 });
    expect(Date.parse((JSON.parse(beat.data) as { time: string }).time)).not.toBeNaN();
    sse.close();
  });

  it('sends reset with the snapshot when the history after the cursor was trimmed, then continues', async () => {
    await t.createRun({ id: 'long' });
    await t.append('long', logLines(30));
    const sse = await SseClient.open(`${t.url}/runs/long/stream?after=1`);
    const reset = await sse.next('reset');
    const body = JSON.parse(reset.data) as { reason: string; snapshot: RunSnapshot };
    expect(body.reason).toBe('trimmed');
    expect(body.snapshot).toMatchObject({ id: 'long', seq: 30, logLines: 30 });
    await t.append('long', [
      { type: 'log', text: 'after reset' },
      { type: 'status', status: 'failed' },
    ]);
    await sse.ended;
    expect(sse.runEvents().map((e) => e.seq)).toEqual([31, 32]);
    expect(JSON.parse(sse.messages.at(-1)!.data)).toEqual({ seq: 32, status: 'failed' });
  });

  it('sends reset with reason ahead when the cursor is past the run', async () => {
    await t.createRun({ id: 'short' });
    await t.append('short', logLines(2));
    const sse = await SseClient.open(`${t.url}/runs/short/stream`, { 'Last-Event-ID': '50' });
    const reset = await sse.next('reset');
    expect(JSON.parse(reset.data)).toMatchObject({ reason: 'ahead', snapshot: { seq: 2 } });
    await t.append('short', logLines(1, 3));
    await sse.until(() => sse.runEvents().length === 1);
    expect(sse.runEvents()[0]).toMatchObject({ seq: 3, text: 'line 3' });
    sse.close();
  });

  it('answers problems before the stream starts: 404 unknown run, 400 bad cursor', async () => {
    const missing = await SseClient.open(`${t.url}/runs/nope/stream`);
    expect(missing.response.status).toBe(404);
    expect(missing.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const bad = await SseClient.open(`${t.url}/runs/small/stream`, { 'Last-Event-ID': 'abc' });
    expect(bad.response.status).toBe(400);
  });
});
