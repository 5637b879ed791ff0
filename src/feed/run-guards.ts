/**
 * Client-side checks of the run payloads servers send (snapshots, events, event pages, log
 * tails and the frames that carry them), as small hand-written guards. They live in the feed,
 * which folds these payloads; the transports check only the envelope they route on
 * (`src/transports/envelope.ts`) and know nothing of runs. The contract's
 * valibot schemas (`src/contract/schemas.ts`) check every limit and timestamp format,
 * which is right for a server guarding its store; a client only needs the structure it
 * relies on, and valibot plus the schemas would cost more than the whole client core's
 * size budget (scripts/size.mjs). test/feed/run-guards.test.ts holds these to the
 * contract's schemas on valid and broken payloads.
 *
 * Unknown fields pass through untouched: the contract's tolerance policy has clients
 * ignore them, so servers can add fields. Imports go to the contract's leaf modules, not
 * its index, which evaluates every schema at import.
 * @module
 */
import type { EventPage, LogEvent, LogTail, RunEvent, RunSnapshot, ServerFrame } from '../contract/types.js';
import { LOG_LEVELS, LOG_STREAMS, RESET_REASONS, RUN_STATUSES, STEP_STATES } from '../contract/vocabulary.js';
import { problemFits } from '../transports/envelope.js';
import {
  cursorInt,
  int,
  is,
  list,
  millis,
  object,
  oneOf,
  opt,
  ostr,
  record,
  seqInt,
  str,
  variant,
  type Guard,
} from '../transports/guard.js';

export { problemFits } from '../transports/envelope.js';
export { fits, type Guard } from '../transports/guard.js';

const num = is((value) => typeof value === 'number');
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

/** A stream frame, envelope and run payloads (the feed's check; transports check the envelope, src/transports/envelope.ts). */
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
