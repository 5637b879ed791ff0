import { createServer, connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPage, LogTail, Problem, RunList, RunSnapshot } from '../../src/contract/index.js';
import { logLines, startTestServer, type TestServer } from './support/test-server.js';

const json = { 'Content-Type': 'application/json' };

async function problemOf(res: Response): Promise<Problem> {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await res.json()) as Problem;
}

describe('REST routes', () => {
  let t: TestServer;
  beforeAll(async () => {
    // estimateTtlMs 0: every snapshot asks the store, so a run finished a moment ago counts at once.
    t = await startTestServer({
      limits: { maxBodyBytes: 64 * 1024 },
      retention: { maxEventsPerRun: 20 },
      estimateTtlMs: 0,
    });
  });
  afterAll(() => t.close());

  describe('POST /runs', () => {
    it('creates a run and answers 201 with the snapshot and its Location', async () => {
      const res = await t.api('/runs', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          id: 'create-1',
          kind: 'etl',
          title: 'Nightly',
          steps: [{ key: 'load', label: 'Load' }],
        }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe('/api/runs/create-1');
      const body = (await res.json()) as RunSnapshot;
      expect(body).toMatchObject({
        id: 'create-1',
        kind: 'etl',
        title: 'Nightly',
        status: 'queued',
        seq: 0,
        logLines: 0,
      });
      expect(body.steps).toEqual([{ key: 'load', label: 'Load', state: 'waiting' }]);
    });

    it('makes up an id when none is given', async () => {
      const run = await t.createRun({});
      expect(run.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    });

    it('answers 409 when the id is taken', async () => {
      await t.createRun({ id: 'taken' });
      const res = await t.api('/runs', { method: 'POST', headers: json, body: JSON.stringify({ id: 'taken' }) });
      expect(res.status).toBe(409);
      expect((await problemOf(res)).type).toBe('urn:run-progress-kit:problem:conflict');
    });

    it('answers 422 with a JSON pointer to each bad field', async () => {
      const res = await t.api('/runs', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ id: 'bad id!', colour: 1 }),
      });
      expect(res.status).toBe(422);
      const body = await problemOf(res);
      expect(body.errors?.map((e) => e.pointer).sort()).toEqual(['/colour', '/id']);
    });

    it('answers 400 for a body that is not JSON and 415 for one that is not declared JSON', async () => {
      const bad = await t.api('/runs', { method: 'POST', headers: json, body: '{"id":' });
      expect(bad.status).toBe(400);
      expect((await problemOf(bad)).type).toBe('urn:run-progress-kit:problem:malformed-json');
      const text = await t.api('/runs', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
      expect(text.status).toBe(415);
      expect((await problemOf(text)).type).toBe('urn:run-progress-kit:problem:unsupported-media-type');
    });
  });

  describe('GET /runs', () => {
    it('lists newest first, filters by status and pages with next', async () => {
      for (const id of ['list-a', 'list-b', 'list-c']) await t.createRun({ id, kind: 'listing' });
      await t.append('list-b', [{ type: 'status', status: 'running' }]);
      const first = (await (await t.api('/runs?limit=2')).json()) as RunList;
      expect(first.runs).toHaveLength(2);
      expect(first.next).toBeTypeOf('string');
      const second = (await (await t.api(`/runs?limit=2&cursor=${encodeURIComponent(first.next!)}`)).json()) as RunList;
      const ids = [...first.runs, ...second.runs].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.indexOf('list-c')).toBeLessThan(ids.indexOf('list-a'));
      const running = (await (await t.api('/runs?status=running')).json()) as RunList;
      expect(running.runs.map((r) => r.id)).toContain('list-b');
      expect(running.runs.every((r) => r.status === 'running')).toBe(true);
    });

    it('answers 400 for a bad status, limit or cursor', async () => {
      for (const query of ['status=sleeping', 'limit=0', 'limit=ten', 'cursor=not-a-cursor']) {
        const res = await t.api(`/runs?${query}`);
        expect(res.status, query).toBe(400);
        await problemOf(res);
      }
    });
  });

  describe('GET /runs/{id}', () => {
    it('answers the snapshot with an ETag, and 304 for a matching If-None-Match', async () => {
      await t.createRun({ id: 'etag' });
      const first = await t.api('/runs/etag');
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"0-/);
      const same = await t.api('/runs/etag', { headers: { 'If-None-Match': etag! } });
      expect(same.status).toBe(304);
      expect(await same.text()).toBe('');
      await t.append('etag', [{ type: 'log', text: 'hello' }]);
      const changed = await t.api('/runs/etag', { headers: { 'If-None-Match': etag! } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(((await changed.json()) as RunSnapshot).logLines).toBe(1);
    });

    it('attaches the duration estimate of earlier runs of the same kind', async () => {
      const steps = [{ key: 'fetch', state: 'running' as const }];
      await t.createRun({ id: 'est-old', kind: 'estimated', steps: [{ key: 'fetch' }] });
      // Producer times must be near the server's clock (MAX_TIME_AHEAD_MS), and a span
      // counts only from the run's creation on: the run "took" 30 s from now on.
      const base = Date.now();
      const at = (s: number) => new Date(base + s * 1000).toISOString();
      await t.append('est-old', [
        { type: 'progress', phase: 'fetch', steps, time: at(0) },
        { type: 'status', status: 'succeeded', time: at(30) },
      ]);
      await t.createRun({ id: 'est-new', kind: 'estimated', steps: [{ key: 'fetch' }] });
      const snapshot = (await (await t.api('/runs/est-new')).json()) as RunSnapshot;
      expect(snapshot.estimate).toMatchObject({ basedOn: 1, stepsMs: { fetch: 30_000 } });
    });

    it('answers HEAD with the headers of GET and no body, but not on streams', async () => {
      await t.createRun({ id: 'head' });
      const get = await t.api('/runs/head');
      const head = await t.api('/runs/head', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
      expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
      expect(await head.text()).toBe('');
      expect((await t.api('/runs/nope', { method: 'HEAD' })).status).toBe(404);
      const stream = await t.api('/runs/head/stream', { method: 'HEAD' });
      expect(stream.status).toBe(405);
      expect(stream.headers.get('allow')).toBe('GET');
    });

    it('answers 404 for an unknown run and for an id that cannot exist', async () => {
      for (const path of ['/runs/nope', '/runs/%E2%9C%93', '/runs/%ZZ']) {
        const res = await t.api(path);
        expect(res.status, path).toBe(404);
        await problemOf(res);
      }
    });
  });

  describe('GET /runs/{id}/events', () => {
    it('pages events after a cursor, oldest first', async () => {
      await t.createRun({ id: 'paged' });
      await t.append('paged', logLines(10));
      const page = (await (await t.api('/runs/paged/events?after=3&limit=4')).json()) as EventPage;
      expect(page).toMatchObject({ runId: 'paged', firstSeq: 1, lastSeq: 10, status: 'running' });
      expect(page.events.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
      const rest = (await (await t.api('/runs/paged/events?after=7')).json()) as EventPage;
      expect(rest.events.map((e) => e.seq)).toEqual([8, 9, 10]);
    });

    it('answers 410 with firstSeq when the history was trimmed, 409 when the cursor is ahead', async () => {
      await t.createRun({ id: 'trimmed' });
      await t.append('trimmed', logLines(30));
      const head = (await (await t.api('/runs/trimmed/events?after=29')).json()) as EventPage;
      expect(head.firstSeq).toBeGreaterThan(1);
      const gone = await t.api('/runs/trimmed/events?after=0');
      expect(gone.status).toBe(410);
      const problem = await problemOf(gone);
      expect(problem).toMatchObject({ type: 'urn:run-progress-kit:problem:history-trimmed', firstSeq: head.firstSeq });
      const edge = await t.api(`/runs/trimmed/events?after=${head.firstSeq - 1}`);
      expect(edge.status).toBe(200);
      const ahead = await t.api('/runs/trimmed/events?after=31');
      expect(ahead.status).toBe(409);
      expect((await problemOf(ahead)).type).toBe('urn:run-progress-kit:problem:cursor-ahead');
    });

    it('answers 400 for a bad cursor', async () => {
      expect((await t.api('/runs/paged/events?after=-1')).status).toBe(400);
      expect((await t.api('/runs/paged/events?limit=abc')).status).toBe(400);
    });
  });

  describe('GET /runs/{id}/logs', () => {
    it('answers the last N log lines and the run seq', async () => {
      await t.createRun({ id: 'tail' });
      await t.append('tail', [...logLines(5), { type: 'progress', phase: 'x' }, ...logLines(3, 6)]);
      const tail = (await (await t.api('/runs/tail/logs?tail=4')).json()) as LogTail;
      expect(tail.lines.map((l) => l.text)).toEqual(['line 5', 'line 6', 'line 7', 'line 8']);
      expect(tail.lastSeq).toBe(9);
    });
  });

  describe('POST /runs/{id}/events', () => {
    it('appends one event or a batch and answers 201 with the seqs', async () => {
      await t.createRun({ id: 'app' });
      const one = await t.api('/runs/app/events', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ type: 'log', text: 'a' }),
      });
      expect(one.status).toBe(201);
      expect(await one.json()).toEqual({ runId: 'app', firstSeq: 1, lastSeq: 1, replayed: false });
      expect(await t.append('app', logLines(3))).toEqual({ runId: 'app', firstSeq: 2, lastSeq: 4, replayed: false });
    });

    it('stores a retried append with the same Idempotency-Key once', async () => {
      await t.createRun({ id: 'idem' });
      const send = () =>
        t.api('/runs/idem/events', {
          method: 'POST',
          headers: { ...json, 'Idempotency-Key': 'batch-1' },
          body: JSON.stringify({ events: logLines(2) }),
        });
      const first = await send();
      const again = await send();
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(await again.json()).toEqual({ runId: 'idem', firstSeq: 1, lastSeq: 2, replayed: true });
      const page = (await (await t.api('/runs/idem/events')).json()) as EventPage;
      expect(page.events).toHaveLength(2);
      const bad = await t.api('/runs/idem/events', {
        method: 'POST',
        headers: { ...json, 'Idempotency-Key': 'has space' },
        body: JSON.stringify({ type: 'log', text: 'x' }),
      });
      expect(bad.status).toBe(400);
    });

    it('answers 409 after a terminal status', async () => {
      await t.createRun({ id: 'ended' });
      await t.append('ended', [{ type: 'status', status: 'succeeded' }]);
      const res = await t.api('/runs/ended/events', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ type: 'log', text: 'late' }),
      });
      expect(res.status).toBe(409);
      expect((await problemOf(res)).type).toBe('urn:run-progress-kit:problem:run-ended');
    });

    it('answers 422 with pointers into the batch, 400 for broken JSON, 415 for another type', async () => {
      await t.createRun({ id: 'invalid' });
      const res = await t.api('/runs/invalid/events', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          events: [
            { type: 'log', text: 'ok' },
            { type: 'log', text: 'x', colour: 'red' },
            { type: 'progress', phase: 'p', percent: 'ten' },
          ],
        }),
      });
      expect(res.status).toBe(422);
      const body = await problemOf(res);
      expect(body.errors).toContainEqual({ pointer: '/events/1/colour', message: 'unknown field' });
      expect(body.errors?.map((e) => e.pointer)).toContain('/events/2/percent');
      expect(
        (await t.api('/runs/invalid/events', { method: 'POST', headers: json, body: '{"type":"log",' })).status,
      ).toBe(400);
      expect(
        (await t.api('/runs/invalid/events', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' }))
          .status,
      ).toBe(415);
      const page = (await (await t.api('/runs/invalid/events')).json()) as EventPage;
      expect(page.events).toHaveLength(0);
    });

    it('answers 413 for a body over the limit without reading it, and keeps serving', async () => {
      await t.createRun({ id: 'big' });
      const body = JSON.stringify({ type: 'log', text: 'x'.repeat(200 * 1024) });
      const res = await t.api('/runs/big/events', { method: 'POST', headers: json, body });
      expect(res.status).toBe(413);
      expect((await problemOf(res)).type).toBe('urn:run-progress-kit:problem:too-large');
      // Without Content-Length (a streamed body) the server counts and stops at the limit.
      const chunks = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 100; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(4096)));
          controller.close();
        },
      });
      const streamed = await t.api('/runs/big/events', {
        method: 'POST',
        headers: json,
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect((await t.api('/runs/big')).status).toBe(200);
    });

    it('gets the 413 through a TCP proxy instead of a connection reset', async () => {
      const target = new URL(t.url);
      const proxy = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
      try {
        const port = (proxy.address() as AddressInfo).port;
        // 16 times the limit: far more than fits in the socket buffers.
        const body = JSON.stringify({ type: 'log', text: 'x'.repeat(1024 * 1024) });
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`http://127.0.0.1:${port}/api/runs/big/events`, {
            method: 'POST',
            headers: json,
            body,
          });
          expect(res.status).toBe(413);
        }
      } finally {
        proxy.close();
      }
    });

    it('answers 404 for an unknown run', async () => {
      const res = await t.api('/runs/ghost/events', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ type: 'log', text: 'x' }),
      });
      expect(res.status).toBe(404);
    });
  });

  it('answers 404 for unknown paths, 405 with Allow for wrong methods, and leaves other paths alone', async () => {
    expect((await t.api('/nothing')).status).toBe(404);
    const wrong = await t.api('/runs/x/logs', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    await problemOf(wrong);
  });
});
