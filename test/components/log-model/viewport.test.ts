import { describe, expect, it } from 'vitest';
import {
  contentTopFor,
  maxContentTop,
  scrollGeometry,
  scrollTopFor,
  visibleRange,
} from '../../../src/components/log-model/viewport.js';

describe('scaled scrolling', () => {
  it('scrolls natively below the height ceiling', () => {
    const g = scrollGeometry(1000, 20, 400);
    expect(g.spacerHeight).toBe(20_000);
    expect(g.scale).toBe(1);
    expect(contentTopFor(g, 1234)).toBe(1234);
    expect(visibleRange(g, 1234)).toEqual({ first: 61, offset: 14, count: 22 });
  });

  it('maps a bounded spacer onto a million rows, first to last', () => {
    const g = scrollGeometry(1_000_000, 20, 400, 8_000_000);
    expect(g.spacerHeight).toBe(8_000_000);
    const end = g.spacerHeight - g.viewportHeight;
    expect(contentTopFor(g, end)).toBe(maxContentTop(g));
    const last = visibleRange(g, contentTopFor(g, end));
    expect(last.first + last.count).toBe(1_000_000);
    expect(visibleRange(g, contentTopFor(g, 0)).first).toBe(0);
    const mid = visibleRange(g, contentTopFor(g, end / 2)).first;
    expect(Math.abs(mid - 499_990)).toBeLessThan(20);
    // Any row is reachable: the scroll position for a row's offset shows that row.
    for (const row of [1, 123_457, 999_980]) {
      const top = scrollTopFor(g, row * 20);
      expect(visibleRange(g, contentTopFor(g, top)).first).toBe(row);
    }
  });

  it('handles fewer rows than fit', () => {
    const g = scrollGeometry(3, 20, 400);
    expect(maxContentTop(g)).toBe(0);
    expect(visibleRange(g, 0)).toEqual({ first: 0, offset: 0, count: 3 });
    expect(visibleRange(scrollGeometry(0, 20, 400), 0).count).toBe(0);
  });
});
