/**
 * The opaque cursor of `listRuns`: the sort key of the last run on a page, so the next
 * page starts right after it however many runs were created meanwhile (keyset
 * pagination; an offset would skip or repeat runs as new ones arrive).
 * @module
 */

/** Sort key of a run in lists: newest first by creation time, then by id. */
export interface ListPosition {
  createdMs: number;
  id: string;
}

/** Thrown for a cursor this store did not produce; the HTTP layer answers 400. */
export class InvalidCursorError extends RangeError {
  constructor(readonly cursor: string) {
    super(`invalid list cursor ${JSON.stringify(cursor.slice(0, 100))}: pass the 'next' of a previous page unchanged`);
    this.name = 'InvalidCursorError';
  }
}

/** Encodes a position as a URL-safe string. */
export function encodeListCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.createdMs, position.id])).toString('base64url');
}

/** Decodes a cursor from {@link encodeListCursor}; throws {@link InvalidCursorError}. */
export function decodeListCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(cursor);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isSafeInteger(parsed[0]) ||
    typeof parsed[1] !== 'string'
  ) {
    throw new InvalidCursorError(cursor);
  }
  return { createdMs: parsed[0] as number, id: parsed[1] as string };
}
