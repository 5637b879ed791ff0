import { describe, expect, it } from 'vitest';
import { initialSnapshot, RunEventInputSchema, CreateRunInputSchema } from '../../src/contract/index.js';
import * as v from 'valibot';
import { planAppend } from '../../server/store/plan-append.js';
import { FOLD_RULES, uncoveredRules } from '../../conformance/fold-check/coverage.js';
import { describeDifferences, differences } from '../../conformance/fold-check/diff.js';
import { batchesOf } from '../../conformance/fold-check/fold-check.js';
import { randomSequences, seededRandom } from '../../conformance/fold-check/random-sequences.js';
import { foldCheckSequences } from '../../conformance/checks/fold-random.js';

describe('the randomized fold check', () => {
  it('replays from a seed: the same sequences for the same seed, others for another', () => {
    expect(randomSequences(42, 50)).toEqual(randomSequences(42, 50));
    expect(randomSequences(43, 50)).not.toEqual(randomSequences(42, 50));
    expect(randomSequences(7, 200)).toHaveLength(200);
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('exercises every rule of the fold in 200 sequences, whatever the seed', () => {
    for (let seed = 0; seed < 40; seed++)
      expect(uncoveredRules(randomSequences(seed * 7919, 200)), `seed ${seed * 7919}`).toEqual([]);
    expect(FOLD_RULES.length).toBeGreaterThan(40);
    expect(uncoveredRules(foldCheckSequences(5, 3))).toEqual([]);
  });

  it('generates inputs the contract accepts, and every prefix and subsequence is accepted too', () => {
    const now = Date.now();
    for (const sequence of foldCheckSequences(11, 200, now)) {
      expect(v.safeParse(CreateRunInputSchema, sequence.init).success).toBe(true);
      for (const event of sequence.events)
        expect(v.safeParse(RunEventInputSchema, event).success, JSON.stringify(event)).toBe(true);
      const snapshot = initialSnapshot({ ...sequence.init, createdAt: new Date(now).toISOString() });
      if (sequence.events.length === 0) continue;
      expect(planAppend(snapshot, sequence.events, new Date(now)).ok).toBe(true);
      for (let drop = 0; drop < sequence.events.length; drop++) {
        const rest = sequence.events.filter((_, i) => i !== drop);
        if (rest.length > 0) expect(planAppend(snapshot, rest, new Date(now)).ok).toBe(true);
      }
    }
  });

  it('reports every differing field, not only the first', () => {
    const found = differences(
      { a: 1, b: { c: [1, 2, 3], d: 'x' }, e: true },
      { a: 2, b: { c: [1, 5, 3], d: 'x' }, f: 'new' },
    );
    expect(found.map((d) => d.path)).toEqual(['/a', '/b/c/1', '/f', '/e']);
    expect(describeDifferences(found)).toContain('/f: expected "new", got (absent)');
  });

  it('splits a sequence into batches the same way for a seed, keeping every event in order', () => {
    const [sequence] = randomSequences(3, 1, { maxEvents: 40 });
    const events = sequence?.events ?? [];
    expect(batchesOf(events, 9).flat()).toEqual(events);
    expect(batchesOf(events, 9)).toEqual(batchesOf(events, 9));
  });
});
