import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/contract/index.js';
import { WsClient } from './support/ws-client.js';
import { logLines, startTestServer, type TestServer } from './support/test-server.js';

describe('GET /ws in open mode', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ heartbeatMs: 100, retention: { maxEventsPerRun: 10 } });
    for (const id of ['w1', 'w2', 'w3']) {
      await t.createRun({ id });
      await t.append(id, logLines(4));
    }
    await t.createRun({ id: 'wtrim' });
    await t.append('wtrim', logLines(25));
  });
  afterAll(() => t.close());

  it('multiplexes several runs from different cursors, live, to their end', async () => {
    const ws = await WsClient.connect(t.url);
    await ws.until((f) => f.length >= 1);
    expect(ws.frames[0]).toEqual({ type: 'ready', heartbeatMs: 100 });
    ws.send({ type: 'subscribe', run: 'w1', after: 0 });
    ws.send({ type: 'subscribe', run: 'w2', after: 3 });
    ws.send({ type: 'subscribe', run: 'w3', after: 4 });
    await ws.until(() => ws.seqs('w1').length === 4 && ws.seqs('w2').length === 1);
    await t.append('w1', logLines(1, 5));
    await t.append('w3', [...logLines(1, 5), { type: 'status', status: 'succeeded' }]);
    await ws.until((f) => f.some((x) => x.type === 'end' && x.run === 'w3') && ws.seqs('w1').length === 5);
    expect(ws.seqs('w1')).toEqual([1, 2, 3, 4, 5]);
    expect(ws.seqs('w2')).toEqual([4]);
    expect(ws.seqs('w3')).toEqual([5, 6]);
    expect(ws.frames).toContainEqual({ type: 'end', run: 'w3', seq: 6, status: 'succeeded' });
    const seen = ws.frames.length;
    await ws.until((f) => f.slice(seen).some((x) => x.type === 'heartbeat'));
    const beat = ws.frames.slice(seen).find((x) => x.type === 'heartbeat');
    expect(beat).toMatchObject({ runs: { w1: 5, w2: 4 } });
    expect(Object.keys((beat as { runs: object }).runs).sort()).toEqual(['w1', 'w2']);
    ws.close();
  });

  it('stops on unsubscribe and restarts from the new cursor on a repeated subscribe', async () => {
    const ws = await WsClient.connect(t.url);
    ws.send({ type: 'subscribe', run: 'w2', after: 2 });
    await ws.until(() => ws.seqs('w2').length === 2);
    ws.send({ type: 'subscribe', run: 'w2', after: 0 });
    await ws.until(() => ws.seqs('w2').length === 6);
    expect(ws.seqs('w2')).toEqual([3, 4, 1, 2, 3, 4]);
    ws.send({ type: 'unsubscribe', run: 'w2' });
    // A round trip through the server orders the unsubscribe before the append below.
    ws.send({ type: 'subscribe', run: 'w1', after: 5 });
    await ws.until((f) => f.some((x) => x.type === 'heartbeat' && x.runs && 'w1' in x.runs));
    await t.append('w2', logLines(1, 5));
    await t.append('w1', logLines(1, 6));
    await ws.until(() => ws.seqs('w1').length === 1);
    expect(ws.seqs('w2')).toEqual([3, 4, 1, 2, 3, 4]);
    ws.close();
  });

  it('sends reset frames and an error frame for an unknown run', async () => {
    const ws = await WsClient.connect(t.url);
    ws.send({ type: 'subscribe', run: 'wtrim', after: 3 });
    ws.send({ type: 'subscribe', run: 'w3', after: 40 });
    ws.send({ type: 'subscribe', run: 'ghost', after: 0 });
    await ws.until((f) => f.filter((x) => x.type === 'reset' || x.type === 'error').length === 3);
    expect(ws.frames).toContainEqual(
      expect.objectContaining({
        type: 'reset',
        run: 'wtrim',
        reason: 'trimmed',
        snapshot: expect.objectContaining({ seq: 25 }),
      }),
    );
    expect(ws.frames).toContainEqual(
      expect.objectContaining({
        type: 'reset',
        run: 'w3',
        reason: 'ahead',
        snapshot: expect.objectContaining({ seq: 6 }),
      }),
    );
    expect(ws.frames).toContainEqual(
      expect.objectContaining({ type: 'error', run: 'ghost', problem: expect.objectContaining({ status: 404 }) }),
    );
    ws.close();
  });

  it('drops a peer that stops answering pings', async () => {
    const deaf = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws', { autoPong: false });
    const code = new Promise<number>((resolve) => deaf.on('close', (c) => resolve(c)));
    const live = await WsClient.connect(t.url);
    expect(await code).toBe(1006);
    // A peer that answers (as browsers do by themselves) stays.
    await live.until((f) => f.filter((x) => x.type === 'heartbeat').length >= 3);
    expect(live.closeCode).toBeUndefined();
    live.close();
  });

  it('answers an error frame with 429 past the subscription bound, keeping the others', async () => {
    const bounded = await startTestServer({ limits: { maxSubscriptionsPerSocket: 2 } });
    try {
      for (const id of ['s1', 's2', 's3']) await bounded.createRun({ id });
      const ws = await WsClient.connect(bounded.url);
      for (const run of ['s1', 's2', 's3']) ws.send({ type: 'subscribe', run, after: 0 });
      await ws.until((f) => f.some((x) => x.type === 'error'));
      expect(ws.frames.find((x) => x.type === 'error')).toMatchObject({ run: 's3', problem: { status: 429 } });
      await bounded.append('s2', logLines(1));
      await ws.until(() => ws.seqs('s2').length === 1);
      ws.close();
    } finally {
      await bounded.close();
    }
  });

  it('closes with 1008 on a message that is not JSON, has unknown fields or is binary', async () => {
    for (const bad of [
      'not json',
      JSON.stringify({ type: 'subscribe', run: 'w1', after: 0, colour: 'red' }),
      JSON.stringify({ type: 'dance' }),
    ]) {
      const ws = await WsClient.connect(t.url);
      ws.send(bad);
      expect(await ws.closed, bad).toBe(CloseCode.PolicyViolation);
    }
    const ws = await WsClient.connect(t.url);
    ws.ws.send(Buffer.from([1, 2, 3]));
    expect(await ws.closed).toBe(CloseCode.PolicyViolation);
  });
});

describe('GET /ws with tokens', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      auth: { tokens: { 'p-a': { tenant: 'a', role: 'producer' }, 'r-b': { tenant: 'b', role: 'reader' } } },
      limits: { authTimeoutMs: 200 },
    });
    await t.createRun({ id: 'owned' }, 'p-a');
    await t.append('owned', logLines(2), 'p-a');
  });
  afterAll(() => t.close());

  it("answers ready only after auth, and then streams the tenant's runs", async () => {
    const ws = await WsClient.connect(t.url);
    await new Promise((r) => setTimeout(r, 50));
    expect(ws.frames).toEqual([]);
    ws.send({ type: 'auth', token: 'p-a' });
    ws.send({ type: 'subscribe', run: 'owned', after: 0 });
    await ws.until(() => ws.seqs('owned').length === 2);
    expect(ws.frames[0]).toMatchObject({ type: 'ready' });
    ws.close();
  });

  it('gives another tenant an error frame identical to an unknown run', async () => {
    const ws = await WsClient.connect(t.url);
    ws.send({ type: 'auth', token: 'r-b' });
    ws.send({ type: 'subscribe', run: 'owned', after: 0 });
    await ws.until((f) => f.some((x) => x.type === 'error'));
    const other = ws.frames.find((x) => x.type === 'error');
    expect(other).toEqual({
      type: 'error',
      run: 'owned',
      problem: {
        type: 'urn:run-progress-kit:problem:not-found',
        title: 'Not found',
        status: 404,
        detail: 'No run "owned".',
      },
    });
    ws.close();
  });

  it('closes with 4403 when a later auth message switches to another tenant', async () => {
    const ws = await WsClient.connect(t.url);
    ws.send({ type: 'auth', token: 'p-a' });
    await ws.until((f) => f.some((x) => x.type === 'ready'));
    ws.send({ type: 'auth', token: 'r-b' });
    expect(await ws.closed).toBe(CloseCode.Forbidden);
  });

  it('closes with 4401 for a bad token or a subscribe before auth, and 4408 when auth never comes', async () => {
    const bad = await WsClient.connect(t.url);
    bad.send({ type: 'auth', token: 'nope' });
    expect(await bad.closed).toBe(CloseCode.Unauthorized);
    const early = await WsClient.connect(t.url);
    early.send({ type: 'subscribe', run: 'owned', after: 0 });
    expect(await early.closed).toBe(CloseCode.Unauthorized);
    const silent = await WsClient.connect(t.url);
    expect(await silent.closed).toBe(CloseCode.Timeout);
  });
});
