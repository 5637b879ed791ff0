import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Problem } from '../../src/contract/index.js';
import { RateLimiter, SharedRateLimiter } from '../../server/http/rate-limit.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('RateLimiter', () => {
  it('lets a burst through, then asks the client to wait until its bucket refills', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(500);
    expect(limiter.take('b')).toBe(0); // another client has its own budget
    now = 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(500);
  });

  it('falls back to its own buckets while the shared budget cannot be asked, never to no limit', async () => {
    const now = 0;
    const local = new RateLimiter({ perSecond: 1, burst: 1 }, () => now);
    const limiter = new SharedRateLimiter(() => Promise.reject(new Error('Redis is unavailable')), local);
    expect([await limiter.take('a'), await limiter.take('a')]).toEqual([0, 1000]);
    const shared = new SharedRateLimiter(() => Promise.resolve(250), local);
    expect(await shared.take('b')).toBe(250);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new RateLimiter({ perSecond: 0 })).toThrow(/perSecond/);
    expect(() => new RateLimiter({ perSecond: 5, burst: 0 })).toThrow(/burst/);
  });
});

describe('a rate-limited server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      rateLimit: { perSecond: 0.5, burst: 3 },
      auth: {
        tokens: {
          alpha: { tenant: 't', role: 'producer' },
          beta: { tenant: 't', role: 'reader' },
        },
      },
    });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After and a problem body once a token spends its burst', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.api('/runs', { token: 'alpha' })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await t.api('/runs', { token: 'alpha' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await limited.json()) as Problem;
    expect(body).toMatchObject({ status: 429, type: 'urn:run-progress-kit:problem:rate-limited' });
    expect(body.detail).toMatch(/retry in \d+ s/);
    // Another valid token has a budget of its own.
    expect((await t.api('/runs', { token: 'beta' })).status).toBe(200);
  });

  it('counts made-up tokens against the address, so they buy no fresh budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.api('/runs', { token: `forged-${i}` })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });

  it('closes a WebSocket opened over the limit with 4429 and says when to retry', async () => {
    // The address spent its budget on forged tokens above; upgrades count against it too.
    const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/ws');
    const [code, reason] = await new Promise<[number, string]>((resolve) =>
      ws.on('close', (c, r) => resolve([c, r.toString()])),
    );
    expect(code).toBe(4429);
    expect(reason).toMatch(/rate limited; retry in \d+ s/);
  });
});
