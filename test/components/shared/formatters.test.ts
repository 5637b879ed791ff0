import { describe, expect, it } from 'vitest';
import { durationParts, formattersFor } from '../../../src/components/shared/formatters.js';

describe('formattersFor', () => {
  it('is memoised per locale', () => {
    expect(formattersFor('en')).toBe(formattersFor('en'));
  });
  it('formats per locale', () => {
    expect(formattersFor('en').percent(42.9)).toBe('42%');
    // French puts a (narrow) no-break space before the sign.
    expect(formattersFor('fr').percent(42)).toMatch(/^42\s%$/);
  });
  it('survives an invalid locale', () => {
    expect(formattersFor('not a locale!').percent(5)).toMatch(/5/);
  });
});

describe('durationParts', () => {
  it('keeps the two largest units and drops a zero smaller one', () => {
    expect(durationParts(7_260_000)).toEqual({ hours: 2, minutes: 1 });
    expect(durationParts(7_200_000)).toEqual({ hours: 2 });
    expect(durationParts(252_000)).toEqual({ minutes: 4, seconds: 12 });
    expect(durationParts(999)).toEqual({ seconds: 0 });
    expect(durationParts(-5)).toEqual({ seconds: 0 });
  });
});
