import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

// Issue 13, item 8: the rate limit was keyed on the raw Authorization text, so every
// spelling of one token (`bearer X`, `BEARER  X`, …) had a bucket of its own (200 of 200
// requests passed a limit of 5 a second), and CORS preflights were never counted.
describe('the rate limit against a client that varies its requests', () => {
  let t: TestServer;
  const origin = 'https://dash.example';
  beforeAll(async () => {
    t = await startTestServer({
      rateLimit: { perSecond: 5, burst: 5 },
      cors: { origins: [origin] },
      auth: { tokens: { alpha: { tenant: 't', role: 'producer' }, beta: { tenant: 'u', role: 'reader' } } },
    });
  });
  afterAll(() => t.close());

  /** The n-th spelling of `Bearer alpha`: scheme in mixed case, 1 to 3 spaces. */
  const spelling = (n: number) =>
    [...'bearer'].map((c, i) => ((n >> i) & 1 ? c.toUpperCase() : c)).join('') + ' '.repeat(1 + (n % 3)) + 'alpha';

  it('counts every spelling of one credential against one budget', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 40; n++) {
      const res = await t.api('/runs', { headers: { Authorization: spelling(n) } });
      statuses.push(res.status);
    }
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const passed = statuses.filter((s) => s === 200).length;
    // The burst of 5, plus what 5 a second refills while the loop runs.
    expect(passed).toBeGreaterThanOrEqual(5);
    expect(passed).toBeLessThan(15);
    // Another principal keeps its own budget.
    expect((await t.api('/runs', { token: 'beta' })).status).toBe(200);
  });

  it('counts CORS preflights, by address', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 40; n++) {
      const res = await t.api('/runs', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([204, 204, 204]);
    expect(statuses.filter((s) => s === 204).length).toBeLessThan(15);
    const limited = await t.api('/runs', {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The 429 carries the CORS headers, so the page can read it.
    expect(limited.headers.get('access-control-allow-origin')).toBe(origin);
  });
});
