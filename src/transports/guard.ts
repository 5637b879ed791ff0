/**
 * Combinators for small hand-written guards of parsed JSON (see src/feed/run-guards.ts for why the client
 * does not use the contract's valibot schemas). Each guard answers `undefined` when a
 * value fits, else the dotted path of the first part that does not.
 * @module
 */
/**
 * Checks a parsed JSON value: `undefined` when it fits `T`, else the dotted path of the
 * first part that does not (`''` for the value itself), for the malformed-message report.
 */
export type Guard<T> = ((value: unknown) => string | undefined) & { readonly __fits?: T };

export type Check = (value: unknown) => string | undefined;
type Fields = Record<string, unknown>;

export const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const is =
  (test: (value: unknown) => boolean): Check =>
  (value) =>
    test(value) ? undefined : '';
/** The first failing path among `keys`, each prefixed with its key. */
const first = (keys: Iterable<string | number>, check: (key: string | number) => string | undefined) => {
  for (const key of keys) {
    const path = check(key);
    if (path !== undefined) return path === '' ? String(key) : `${key}.${path}`;
  }
  return undefined;
};

export const str = is((value) => typeof value === 'string');
export const int = is(Number.isInteger);
// As the contract's `seq` (from 1), `cursor` (from 0) and `millis` (from 0): a negative seq
// or heartbeat interval is a broken frame, not one to act on.
export const atLeast = (min: number) => is((value) => Number.isInteger(value) && (value as number) >= min);
export const seqInt = atLeast(1);
export const cursorInt = atLeast(0);
export const millis = is((value) => typeof value === 'number' && value >= 0);
export const oneOf = (values: readonly unknown[]) => is((value) => values.includes(value));
export const opt =
  (check: Check): Check =>
  (value) =>
    value === undefined ? undefined : check(value);
export const list =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) ? first(value.keys(), (i) => check(value[i as number])) : '';
// Like valibot's record, which the contract uses, this takes an array as an object of indices.
export const record =
  (check: Check): Check =>
  (value) =>
    typeof value === 'object' && value !== null
      ? first(Object.keys(value), (key) => check((value as Fields)[key]))
      : '';
export const object =
  (fields: Record<string, Check>): Check =>
  (value) =>
    isObject(value) ? first(Object.keys(fields), (key) => (fields[key] as Check)(value[key])) : '';
/** An object told apart by its `type` field. */
export const variant =
  (cases: Record<string, Check>): Check =>
  (value) => {
    const type = isObject(value) ? value.type : undefined;
    return typeof type === 'string' && Object.hasOwn(cases, type) ? (cases[type] as Check)(value) : 'type';
  };

export const ostr = opt(str);

/** Whether `value` passes `guard` (a type guard over {@link Guard}'s result). */
export const fits = <T>(guard: Guard<T>, value: unknown): value is T => guard(value) === undefined;
