import { describe, expect, it } from 'vitest';
import type { Step } from '../../../src/contract/index.js';
import { estimateEta, rateEstimate, roundRemaining, runPace } from '../../../src/components/shared/eta.js';

const T = Date.UTC(2026, 0, 1);
const at = (s: number) => new Date(T + s * 1000).toISOString();

describe('rateEstimate', () => {
  it('extrapolates the average rate so far', () => {
    expect(rateEstimate(25, 60_000)).toBe(180_000);
  });
  it('stays quiet below 5 % or 10 s, and at 100 %', () => {
    expect(rateEstimate(4.9, 600_000)).toBeUndefined();
    expect(rateEstimate(50, 9_999)).toBeUndefined();
    expect(rateEstimate(100, 60_000)).toBeUndefined();
    expect(rateEstimate(undefined, 60_000)).toBeUndefined();
  });
});

describe('runPace', () => {
  const typical = (ms: Record<string, number>) => (key: string) => ms[key];
  it('is 1 without finished steps', () => {
    expect(runPace([{ key: 'a', state: 'running' }], typical({ a: 10 }))).toBe(1);
  });
  it('shrinks towards 1 while few steps have finished', () => {
    const steps: Step[] = [{ key: 'a', state: 'done', startedAt: at(0), endedAt: at(20) }];
    // Twice as slow on one step: 1 + (2 - 1) * 1/2.
    expect(runPace(steps, typical({ a: 10_000 }))).toBe(1.5);
  });
  it('is bounded so one wild step cannot run away', () => {
    const steps: Step[] = [1, 2, 3].map((i) => ({ key: `s${i}`, state: 'done', startedAt: at(0), endedAt: at(1000) }));
    expect(runPace(steps, typical({ s1: 1000, s2: 1000, s3: 1000 }))).toBe(1 + (3 * 3) / 4);
  });
});

describe('estimateEta', () => {
  const base = { now: T + 100_000, status: 'running' as const, startedAt: T, steps: [] };

  it('has nothing to say unless running', () => {
    expect(estimateEta({ ...base, status: 'queued', percent: 50 }).remainingMs).toBeUndefined();
  });

  it('prefers the backend ETA, counted down from etaAt', () => {
    const eta = estimateEta({ ...base, percent: 10, etaMs: 60_000, etaAt: T + 90_000 });
    expect(eta).toMatchObject({ remainingMs: 50_000, source: 'backend', overdue: false });
  });

  it('does not count a backend ETA stated in the future (clock skew) up', () => {
    expect(estimateEta({ ...base, etaMs: 60_000, etaAt: T + 200_000 }).remainingMs).toBe(60_000);
  });

  it('blends history and rate by how far along the run is', () => {
    const steps: Step[] = [
      { key: 'a', state: 'done', startedAt: new Date(T).toISOString(), endedAt: new Date(T + 50_000).toISOString() },
      { key: 'b', state: 'running', startedAt: new Date(T + 50_000).toISOString() },
    ];
    const estimate = { basedOn: 5, stepsMs: { a: 50_000, b: 100_000 } };
    const eta = estimateEta({ ...base, steps, estimate, percent: 40 });
    // History: b has 50 s of its usual 100 s left. Rate: 100 s for 40 % → 150 s left.
    expect(eta.source).toBe('blend');
    expect(eta.remainingMs).toBeCloseTo(0.6 * 50_000 + 0.4 * 150_000);
    expect(eta.steps.get('b')).toEqual({ remainingMs: 50_000, overdue: false, running: true });
  });

  it('says "longer than usual" when the whole run is past its usual total', () => {
    const eta = estimateEta({ ...base, now: T + 200_000, estimate: { basedOn: 3, stepsMs: {}, totalMs: 100_000 } });
    expect(eta.overdue).toBe(true);
    expect(eta.remainingMs).toBeUndefined();
  });

  it('ignores an estimate based on no runs', () => {
    const eta = estimateEta({ ...base, estimate: { basedOn: 0, stepsMs: {}, totalMs: 1 } });
    expect(eta.overdue).toBe(false);
    expect(eta.remainingMs).toBeUndefined();
  });
});

describe('roundRemaining', () => {
  it('rounds up to steps that do not flicker, never to zero', () => {
    expect(roundRemaining(0)).toBe(5_000);
    expect(roundRemaining(41_000)).toBe(45_000);
    expect(roundRemaining(121_000)).toBe(130_000);
    expect(roundRemaining(3_601_000)).toBe(3_660_000);
  });
});
