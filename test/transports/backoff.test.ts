import { describe, expect, it } from 'vitest';
import { backoff, exponentialBackoff } from '../../src/transports/backoff.js';
import type { CloseReason } from '../../src/transports/close-reason.js';

const network: CloseReason = { kind: 'network', message: 'reset' };

describe('backoff (full jitter)', () => {
  it('draws uniformly below a ceiling that doubles from 0.5 s and caps at 30 s', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => backoff(attempt, 0.999999, {}));
    expect(ceilings.slice(0, 7)).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999]);
    expect(ceilings[8]).toBe(29999);
    expect(backoff(5, 0)).toBe(0);
    expect(backoff(3, 0.5)).toBe(1000);
  });

  it('spreads a crowd of clients over the whole window instead of one instant', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const delays = Array.from({ length: 1000 }, () => backoff(6, random()));
    const buckets = [0, 0, 0, 0];
    for (const d of delays) buckets[Math.floor(d / 4000)]! += 1;
    for (const b of buckets) expect(b).toBeGreaterThan(180);
  });

  it('treats a server hint as a floor and adds jitter on top of it', () => {
    const policy = exponentialBackoff();
    const hinted = { ...network, retryAfterMs: 5_000 };
    expect(policy.nextRetryDelay({ attempt: 1, elapsedMs: 0, reason: hinted, random: 0 })).toBe(5_000);
    const high = policy.nextRetryDelay({ attempt: 8, elapsedMs: 0, reason: hinted, random: 0.99 })!;
    expect(high).toBeGreaterThan(5_000);
    expect(high).toBeLessThanOrEqual(10_000);
    expect(policy.nextRetryDelay({ attempt: 30, elapsedMs: 0, reason: network, random: 0.99 })).toBeLessThan(30_000);
  });
});
