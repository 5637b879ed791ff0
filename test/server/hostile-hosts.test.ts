import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../src/contract/index.js';
import { heartbeatFrame } from '../../server/streams/frames.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** One request with a chosen `Host` (fetch cannot set it): status, headers, body text. */
function get(
  url: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: target.port, path: target.pathname, headers: { ...headers, Host: host } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

const upgrade = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
};

// Issue 13, item 9: in open mode any Host was answered, so a DNS-rebinding page (its own
// name resolving to 127.0.0.1) could read and write every run, and the WebSocket
// same-origin check compared Origin with that same attacker-chosen Host.
describe('Host checks in open mode', () => {
  let t: TestServer;
  let port: string;
  beforeAll(async () => {
    t = await startTestServer({ allowedHosts: ['runs.example.com'] });
    port = new URL(t.url).port;
  });
  afterAll(() => t.close());

  it('refuses a Host it does not serve with a 403 problem that says how to allow it', async () => {
    const res = await get(`${t.url}/runs`, `rebind.evil.example:${port}`);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(res.text) as Problem;
    expect(problem.status).toBe(403);
    expect(problem.detail).toMatch(/--allowed-hosts/);
  });

  it('answers the loopback names, IP addresses and the allowed hosts', async () => {
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `LocalHost:${port}`,
      `10.1.2.3:${port}`,
      'runs.example.com',
    ]) {
      expect((await get(`${t.url}/runs`, host)).status, host).toBe(200);
    }
  });

  it('refuses a WebSocket from a rebinding page, though its Origin matches its Host', async () => {
    const host = `rebind.evil.example:${port}`;
    const res = await get(`${t.url}/ws`, host, { ...upgrade, Origin: `http://${host}` });
    expect(res.status).toBe(403);
    const sameOrigin = await get(`${t.url}/ws`, `localhost:${port}`, {
      ...upgrade,
      Origin: `http://localhost:${port}`,
    });
    expect(sameOrigin.status).toBe(101);
  });
});

describe('Host checks with tokens', () => {
  it('answers any Host (the token is what protects), unless allowedHosts is given', async () => {
    const t = await startTestServer({ auth: { tokens: { x: { tenant: 't', role: 'reader' } } } });
    try {
      const res = await get(`${t.url}/runs`, 'rebind.evil.example', { Authorization: 'Bearer x' });
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

// Issue 13, item 9: run id `__proto__` was accepted, but lost from heartbeat `runs` maps.
describe('run ids that are special to JavaScript objects', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('refuses to create them (422) and answers them as unknown runs (404)', async () => {
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      const res = await t.api('/runs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id }),
      });
      expect(res.status, id).toBe(422);
      expect((await t.api(`/runs/${id}`)).status, id).toBe(404);
    }
    // Lookalikes are ordinary ids.
    expect((await t.createRun({ id: '__proto' })).id).toBe('__proto');
  });

  it('keeps every run id as a key of a heartbeat', () => {
    const frame = heartbeatFrame(new Date(0), [
      { runId: '__proto__', cursor: 3 },
      { runId: 'toString', cursor: 4 },
    ]);
    expect(JSON.parse(JSON.stringify(frame))).toMatchObject({ runs: { ['__proto__']: 3, toString: 4 } });
    expect(Object.keys(frame.runs!)).toEqual(['__proto__', 'toString']);
  });
});
