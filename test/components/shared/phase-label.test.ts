import { describe, expect, it } from 'vitest';
import { humanizeKey, resolveLabel } from '../../../src/components/shared/phase-label.js';

describe('humanizeKey', () => {
  it.each([
    ['export_reports', 'Export reports'],
    ['exportReports', 'Export reports'],
    ['export-reports', 'Export reports'],
    ['load.HTTP_data', 'Load HTTP data'],
    ['fetchHTTPData', 'Fetch HTTPData'],
    ['__x__', 'X'],
    ['step2', 'Step2'],
    ['___', '___'],
  ])('%s → %s', (key, words) => {
    expect(humanizeKey(key)).toBe(words);
  });
});

describe('resolveLabel', () => {
  it('prefers the page map, then the backend label, then the readable key', () => {
    expect(resolveLabel('a_b', { a_b: 'Page' }, 'Backend')).toBe('Page');
    expect(resolveLabel('a_b', {}, 'Backend')).toBe('Backend');
    expect(resolveLabel('a_b', undefined)).toBe('A b');
  });

  it('does not read inherited keys of the map', () => {
    expect(resolveLabel('toString', {})).toBe('To string');
  });
});
