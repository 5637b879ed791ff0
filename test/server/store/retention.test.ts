import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FINISHED_RUN_TTL_MS,
  DEFAULT_MAX_EVENTS_PER_RUN,
  MAX_TRIM_PER_APPEND,
  resolveRetention,
  trimFloor,
} from '../../../server/store/retention.js';

describe('retention', () => {
  it('defaults to a million events per run and a week for finished runs', () => {
    expect(resolveRetention(undefined)).toMatchObject({
      maxEventsPerRun: DEFAULT_MAX_EVENTS_PER_RUN,
      finishedRunTtlMs: DEFAULT_FINISHED_RUN_TTL_MS,
    });
    expect(DEFAULT_MAX_EVENTS_PER_RUN).toBe(1_000_000);
    expect(DEFAULT_FINISHED_RUN_TTL_MS).toBe(7 * 24 * 3600 * 1000);
  });

  it('refuses limits that cannot work', () => {
    expect(() => resolveRetention({ maxEventsPerRun: 1.5 })).toThrow(/maxEventsPerRun/);
    expect(() => resolveRetention({ finishedRunTtlMs: -1 })).toThrow(/finishedRunTtlMs/);
    expect(() => resolveRetention({ sweepIntervalMs: 0 })).toThrow(/sweepIntervalMs/);
  });

  it('trims nothing within the limit, and a tenth under it once over', () => {
    expect(trimFloor(1, 1_000_000, 1_000_000)).toBeUndefined();
    // 1 000 001 events: keep the newest 990 000 (slack capped at 10 000).
    expect(trimFloor(1, 1_000_001, 1_000_000)).toBe(1_000_001 - 990_000 + 1);
    expect(trimFloor(1, 11, 10)).toBe(3); // keep 9
    expect(trimFloor(1, 2, 1)).toBe(2); // a limit of one keeps exactly one
  });

  it('spreads a large excess (a lowered limit) over several appends', () => {
    expect(trimFloor(1, 5_000_000, 1000)).toBe(1 + MAX_TRIM_PER_APPEND);
  });
});
