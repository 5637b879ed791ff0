import { afterEach, describe, expect, it, vi } from 'vitest';
import { labelsConverterFor } from '../../../src/components/shared/labels-attribute.js';

afterEach(() => vi.restoreAllMocks());

describe('the labels attribute of both elements', () => {
  it.each(['run-progress', 'run-log-tail'])(
    '<%s> keeps string entries and warns, naming itself, on anything else',
    (tag) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const parse = (value: string | null) => labelsConverterFor(tag).fromAttribute!(value, undefined);
      expect(parse('{"fetch_data":"Fetching data","x":1}')).toEqual({ fetch_data: 'Fetching data' });
      expect(warn).not.toHaveBeenCalled();
      expect(parse(null)).toBeUndefined();
      expect(parse('{oops')).toBeUndefined();
      expect(parse('["a"]')).toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(2);
      for (const [message] of warn.mock.calls) expect(message).toContain(`<${tag}>: the labels attribute`);
    },
  );
});
