import { describe, expect, it } from 'vitest';
import { decodeListCursor, encodeListCursor, InvalidCursorError } from '../../../server/store/list-cursor.js';

describe('list cursor', () => {
  it('round-trips a position through a URL-safe string', () => {
    const cursor = encodeListCursor({ createdMs: 1_764_046_800_123, id: 'run_-9' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(cursor)).toEqual({ createdMs: 1_764_046_800_123, id: 'run_-9' });
  });

  it('refuses cursors it did not make, including well-formed JSON of the wrong shape', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      '',
      '%%%',
      forged({ createdMs: 1, id: 'a' }),
      forged([1.5, 'a']),
      forged([1, 2]),
      forged([1]),
    ]) {
      expect(() => decodeListCursor(cursor)).toThrow(InvalidCursorError);
    }
  });
});
