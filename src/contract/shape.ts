/**
 * The shape of a value for error reports. In its own module (re-exported by
 * `validate.ts`) so that clients can import it without pulling every schema into
 * their bundle.
 * @module
 */

/** The shape of a value for error reports: its structure without its content. */
export function shapeOf(input: unknown, depth = 2): unknown {
  if (input === null || typeof input !== 'object')
    return typeof input === 'string' ? `string(${input.length})` : typeof input;
  if (Array.isArray(input))
    return depth > 0 ? input.slice(0, 3).map((x) => shapeOf(x, depth - 1)) : `array(${input.length})`;
  if (depth <= 0) return 'object';
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(input).slice(0, 20)) out[k] = shapeOf(val, depth - 1);
  return out;
}
