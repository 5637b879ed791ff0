/**
 * A small number per object, for keys built from objects (a token getter, an adapter)
 * without holding on to them.
 * @module
 */
const ids = new WeakMap<object, number>();
let next = 1;

/** The object's number (0 for none), the same for the same object for the page's life. */
export function identity(value: object | undefined): number {
  if (!value) return 0;
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = next++));
  return id;
}
