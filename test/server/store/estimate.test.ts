import { describe, expect, it } from 'vitest';
import type { RunSnapshot, Step } from '../../../src/contract/index.js';
import { estimateFromRuns, median } from '../../../server/store/estimate.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const run = (start: number | undefined, end: number, steps: Step[]): RunSnapshot => ({
  id: 'r',
  status: 'succeeded',
  seq: 9,
  createdAt: t(0),
  updatedAt: t(end),
  ...(start === undefined ? {} : { startedAt: t(start) }),
  endedAt: t(end),
  steps,
  logLines: 0,
});
const done = (key: string, from: number, to: number): Step => ({
  key,
  state: 'done',
  startedAt: t(from),
  endedAt: t(to),
});

describe('estimateFromRuns', () => {
  it('takes medians, so one pathological run does not drag the estimate', () => {
    const estimate = estimateFromRuns([
      run(0, 10, [done('a', 0, 4)]),
      run(0, 12, [done('a', 0, 6)]),
      run(0, 3600, [done('a', 0, 3000)]),
    ]);
    expect(estimate).toEqual({ basedOn: 3, stepsMs: { a: 6000 }, totalMs: 12_000 });
  });

  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('ignores steps that were skipped, lack times or ran backwards, and runs never started', () => {
    const estimate = estimateFromRuns([
      run(undefined, 5, [
        { key: 'skipped', state: 'skipped', startedAt: t(1), endedAt: t(1) },
        { key: 'untimed', state: 'done' },
        done('skewed', 9, 2),
        done('ok', 1, 3),
      ]),
    ]);
    expect(estimate).toEqual({ basedOn: 1, stepsMs: { ok: 2000 } });
  });

  it('ignores spans from before the run was created or after now, whatever the stored times say', () => {
    const now = Date.parse(t(100));
    const estimate = estimateFromRuns(
      [
        run(0, 10, [
          { key: 'ancient', state: 'done', startedAt: '0000-01-01T00:00:00.000Z', endedAt: t(5) },
          { key: 'future', state: 'done', startedAt: t(1), endedAt: '9999-12-31T23:59:59.000Z' },
          done('skewed-clock', -299, 2), // a producer clock up to 5 minutes behind still counts
          done('ok', 1, 3),
        ]),
      ],
      now,
    );
    expect(estimate).toEqual({ basedOn: 1, stepsMs: { 'skewed-clock': 301_000, ok: 2000 }, totalMs: 10_000 });
  });

  it('has nothing to say without finished runs', () => {
    expect(estimateFromRuns([])).toBeUndefined();
  });
});
