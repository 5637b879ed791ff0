import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunList, ServerFrame } from '../../src/contract/index.js';
import { SseClient } from './support/sse-client.js';
import { logLines, startTestServer, type TestServer } from './support/test-server.js';

const json = { 'Content-Type': 'application/json' };

describe('auth', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      auth: {
        tokens: {
          'reader-a': { tenant: 'a', role: 'reader' },
          'producer-a': { tenant: 'a', role: 'producer' },
          'producer-b': { tenant: 'b', role: 'producer' },
          'producer-c': { tenant: 'c', role: 'producer' },
        },
        // Tenant c may not read runs of kind "secret" even though it owns them.
        authorize: ({ principal, run }) => !(principal.tenant === 'c' && run?.kind === 'secret'),
      },
    });
    await t.createRun({ id: 'run-a' }, 'producer-a');
    await t.append('run-a', logLines(2), 'producer-a');
    await t.createRun({ id: 'run-c', kind: 'secret' }, 'producer-c');
  });
  afterAll(() => t.close());

  it('answers 401 with WWW-Authenticate: Bearer without a token or with an unknown one', async () => {
    for (const token of [undefined, 'wrong']) {
      for (const path of ['/runs', '/runs/run-a', '/runs/run-a/stream', '/stream?runs=run-a:0', '/poll?runs=run-a:0']) {
        const res = await t.api(path, { token });
        expect(res.status, `${path} ${token}`).toBe(401);
        expect(res.headers.get('www-authenticate'), path).toMatch(/^Bearer/);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    }
    const malformed = await t.api('/runs', { headers: { Authorization: 'Basic cmVhZGVyLWE=' } });
    expect(malformed.status).toBe(401);
  });

  it('lets a reader read and answers 403 when it writes', async () => {
    expect((await t.api('/runs/run-a', { token: 'reader-a' })).status).toBe(200);
    const sse = await SseClient.open(`${t.url}/runs/run-a/stream`, { Authorization: 'Bearer reader-a' });
    await sse.until(() => sse.runEvents().length === 2);
    sse.close();
    const create = await t.api('/runs', { method: 'POST', token: 'reader-a', headers: json, body: '{}' });
    expect(create.status).toBe(403);
    const append = await t.api('/runs/run-a/events', {
      method: 'POST',
      token: 'reader-a',
      headers: json,
      body: JSON.stringify({ type: 'log', text: 'x' }),
    });
    expect(append.status).toBe(403);
  });

  it("answers another tenant's run exactly like an unknown run, on every route", async () => {
    const paths = ['/runs/later', '/runs/later/events', '/runs/later/logs', '/runs/later/stream'];
    const before = await Promise.all(
      paths.map(async (p) => {
        const res = await t.api(p, { token: 'producer-b' });
        return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
      }),
    );
    await t.createRun({ id: 'later' }, 'producer-a');
    await t.append('later', logLines(1), 'producer-a');
    const after = await Promise.all(
      paths.map(async (p) => {
        const res = await t.api(p, { token: 'producer-b' });
        return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
      }),
    );
    expect(after).toEqual(before);
    expect(after.every((r) => r.status === 404)).toBe(true);
    const append = async () =>
      t.api('/runs/later/events', {
        method: 'POST',
        token: 'producer-b',
        headers: json,
        body: JSON.stringify({ type: 'log', text: 'x' }),
      });
    const ghost = await t.api('/runs/ghost/events', {
      method: 'POST',
      token: 'producer-b',
      headers: json,
      body: JSON.stringify({ type: 'log', text: 'x' }),
    });
    const foreign = await append();
    expect(foreign.status).toBe(404);
    expect((await foreign.text()).replace('later', 'ghost')).toBe(await ghost.text());
    const poll = (await (await t.api('/poll?runs=later:0', { token: 'producer-b' })).json()) as {
      frames: ServerFrame[];
    };
    expect(poll.frames).toEqual([
      expect.objectContaining({ type: 'error', run: 'later', problem: expect.objectContaining({ status: 404 }) }),
    ]);
  });

  it("lists only the caller's tenant", async () => {
    const b = (await (await t.api('/runs', { token: 'producer-b' })).json()) as RunList;
    expect(b.runs).toEqual([]);
    const a = (await (await t.api('/runs', { token: 'reader-a' })).json()) as RunList;
    expect(a.runs.map((r) => r.id).sort()).toEqual(['later', 'run-a']);
  });

  it('lets the authorize hook deny, answering like an unknown run', async () => {
    const res = await t.api('/runs/run-c', { token: 'producer-c' });
    expect(res.status).toBe(404);
  });
});

describe('open mode', () => {
  it('reads and writes anonymously as tenant public, ignoring tokens', async () => {
    const t = await startTestServer();
    try {
      const run = await t.createRun({ id: 'open' });
      await t.append(run.id, logLines(1), 'any-token');
      const list = (await (await t.api('/runs', { token: 'other' })).json()) as RunList;
      expect(list.runs.map((r) => r.id)).toEqual(['open']);
      expect((await t.store.getRun('open'))?.tenant).toBe('public');
    } finally {
      await t.close();
    }
  });
});
