/**
 * Client-side checks of what servers send, as small hand-written guards. The contract's
 * valibot schemas (`src/contract/schemas.ts`) check every limit and timestamp format,
 * which is right for a server guarding its store; a client only needs the structure it
 * relies on, and valibot plus the schemas would cost more than the whole client core's
 * size budget (scripts/size.mjs). test/transports/wire.test.ts holds these to the
 * contract's schemas on valid and broken payloads.
 *
 * Unknown fields pass through untouched: the contract's tolerance policy has clients
 * ignore them, so servers can add fields. Imports go to the contract's leaf modules, not
 * its index, which evaluates every schema at import.
 * @module
 */
import type { EventPage, LogEvent, LogTail, Problem, RunEvent, RunSnapshot, ServerFrame } from '../contract/types.js';
import { LOG_LEVELS, LOG_STREAMS, RESET_REASONS, RUN_STATUSES, STEP_STATES } from '../contract/vocabulary.js';

/**
 * Checks a parsed JSON value: `undefined` when it fits `T`, else the dotted path of the
 * first part that does not (`''` for the value itself), for the malformed-message report.
 */
export type Guard<T> = ((value: unknown) => string | undefined) & { readonly __fits?: T };

type Check = (value: unknown) => string | undefined;
type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const is =
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

const str = is((value) => typeof value === 'string');
const num = is((value) => typeof value === 'number');
const int = is(Number.isInteger);
// As the contract's `seq` (from 1), `cursor` (from 0) and `millis` (from 0): a negative seq
// or heartbeat interval is a broken frame, not one to act on.
const atLeast = (min: number) => is((value) => Number.isInteger(value) && (value as number) >= min);
const seqInt = atLeast(1);
const cursorInt = atLeast(0);
const millis = is((value) => typeof value === 'number' && value >= 0);
const oneOf = (values: readonly unknown[]) => is((value) => values.includes(value));
const opt =
  (check: Check): Check =>
  (value) =>
    value === undefined ? undefined : check(value);
const list =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) ? first(value.keys(), (i) => check(value[i as number])) : '';
// Like valibot's record, which the contract uses, this takes an array as an object of indices.
const record =
  (check: Check): Check =>
  (value) =>
    typeof value === 'object' && value !== null
      ? first(Object.keys(value), (key) => check((value as Fields)[key]))
      : '';
const object =
  (fields: Record<string, Check>): Check =>
  (value) =>
    isObject(value) ? first(Object.keys(fields), (key) => (fields[key] as Check)(value[key])) : '';
/** An object told apart by its `type` field. */
const variant =
  (cases: Record<string, Check>): Check =>
  (value) => {
    const type = isObject(value) ? value.type : undefined;
    return typeof type === 'string' && Object.hasOwn(cases, type) ? (cases[type] as Check)(value) : 'type';
  };

const ostr = opt(str);
const onum = opt(num);
const status = oneOf(RUN_STATUSES);
const runError = object({ message: str, code: ostr, phase: ostr });
const step = object({ key: str, label: ostr, state: oneOf(STEP_STATES), startedAt: ostr, endedAt: ostr });
const logFields = {
  seq: seqInt,
  time: str,
  text: str,
  level: opt(oneOf(LOG_LEVELS)),
  stream: opt(oneOf(LOG_STREAMS)),
  phase: ostr,
};
const eventCases = {
  progress: object({
    seq: seqInt,
    time: str,
    phase: str,
    label: ostr,
    percent: onum,
    message: ostr,
    etaMs: onum,
    steps: opt(list(step)),
  }),
  log: object(logFields),
  status: object({ seq: seqInt, time: str, status, error: opt(runError) }),
};

/** A log event. */
export const logEventFits: Guard<LogEvent> = object({ ...logFields, type: oneOf(['log']) });

/** Any run event. */
export const runEventFits: Guard<RunEvent> = variant(eventCases);

/** The run snapshot. */
export const runSnapshotFits: Guard<RunSnapshot> = object({
  id: str,
  kind: ostr,
  title: ostr,
  status,
  seq: cursorInt,
  createdAt: str,
  updatedAt: str,
  startedAt: ostr,
  endedAt: ostr,
  phase: ostr,
  phaseLabel: ostr,
  percent: onum,
  message: ostr,
  etaMs: onum,
  etaAt: ostr,
  steps: list(step),
  error: opt(runError),
  logLines: cursorInt,
  estimate: opt(object({ basedOn: int, stepsMs: record(num), totalMs: onum })),
});

/** An RFC 9457 problem. */
export const problemFits: Guard<Problem> = object({
  type: str,
  title: str,
  status: int,
  detail: ostr,
  instance: ostr,
  errors: opt(list(object({ pointer: str, message: str }))),
  firstSeq: opt(int),
});

/** A stream frame. */
export const serverFrameFits: Guard<ServerFrame> = variant({
  ready: object({ heartbeatMs: millis }),
  event: object({ run: str, event: runEventFits }),
  reset: object({ run: str, reason: oneOf(RESET_REASONS), snapshot: runSnapshotFits }),
  end: object({ run: str, seq: cursorInt, status }),
  error: object({ run: ostr, problem: problemFits }),
  heartbeat: object({ time: str, runs: opt(record(cursorInt)) }),
});

/** Body of `GET /runs/{id}/events`. */
export const eventPageFits: Guard<EventPage> = object({
  runId: str,
  events: list(runEventFits),
  firstSeq: seqInt,
  lastSeq: cursorInt,
  status,
});

/** Body of `GET /runs/{id}/logs`. */
export const logTailFits: Guard<LogTail> = object({ runId: str, lines: list(logEventFits), lastSeq: cursorInt });

/** Whether `value` passes `guard` (a type guard over {@link Guard}'s result). */
export const fits = <T>(guard: Guard<T>, value: unknown): value is T => guard(value) === undefined;
