/**
 * Lean client-side schemas of what servers send. The contract's schemas
 * (`src/contract/schemas.ts`) check every limit and timestamp format, which is right for
 * a server guarding its store; a client only needs the structure it relies on, and the
 * full set costs more than the rest of the client in bundle size (see scripts/size.mjs).
 * Unknown fields are dropped, as the contract's tolerance policy asks. The type
 * annotations make the compiler prove these accept nothing the contract types reject.
 * Imports go to the contract's leaf modules, not its index: the index evaluates every
 * schema at import, which no bundler can tree-shake.
 * @module
 */
import * as v from 'valibot';
import type { EventPage, LogEvent, LogTail, Problem, RunEvent, RunSnapshot, ServerFrame } from '../contract/types.js';
import { LOG_LEVELS, LOG_STREAMS, RESET_REASONS, RUN_STATUSES, STEP_STATES } from '../contract/vocabulary.js';

const str = v.string();
const opt = v.optional(str);
const num = v.number();
const seq = v.pipe(num, v.integer());
const status = v.picklist(RUN_STATUSES);
const runError = v.object({ message: str, code: opt, phase: opt });
const step = v.object({ key: str, label: opt, state: v.picklist(STEP_STATES), startedAt: opt, endedAt: opt });

const logEvent = v.object({
  seq,
  time: str,
  type: v.literal('log'),
  text: str,
  level: v.optional(v.picklist(LOG_LEVELS)),
  stream: v.optional(v.picklist(LOG_STREAMS)),
  phase: opt,
});
/** A log event. */
export const LogEventWire: v.GenericSchema<unknown, LogEvent> = logEvent;

/** Any run event. */
export const RunEventWire: v.GenericSchema<unknown, RunEvent> = v.variant('type', [
  v.object({
    seq,
    time: str,
    type: v.literal('progress'),
    phase: str,
    label: opt,
    percent: v.optional(num),
    message: opt,
    etaMs: v.optional(num),
    steps: v.optional(v.array(step)),
  }),
  logEvent,
  v.object({ seq, time: str, type: v.literal('status'), status, error: v.optional(runError) }),
]);

/** The run snapshot. */
export const RunSnapshotWire: v.GenericSchema<unknown, RunSnapshot> = v.object({
  id: str,
  kind: opt,
  title: opt,
  status,
  seq,
  createdAt: str,
  updatedAt: str,
  startedAt: opt,
  endedAt: opt,
  phase: opt,
  phaseLabel: opt,
  percent: v.optional(num),
  message: opt,
  etaMs: v.optional(num),
  etaAt: opt,
  steps: v.array(step),
  error: v.optional(runError),
  logLines: num,
  estimate: v.optional(v.object({ basedOn: num, stepsMs: v.record(str, num), totalMs: v.optional(num) })),
});

/** An RFC 9457 problem. */
export const ProblemWire: v.GenericSchema<unknown, Problem> = v.object({
  type: str,
  title: str,
  status: num,
  detail: opt,
  instance: opt,
  errors: v.optional(v.array(v.object({ pointer: str, message: str }))),
  firstSeq: v.optional(num),
});

/** A stream frame. */
export const ServerFrameWire: v.GenericSchema<unknown, ServerFrame> = v.variant('type', [
  v.object({ type: v.literal('ready'), heartbeatMs: num }),
  v.object({ type: v.literal('event'), run: str, event: RunEventWire }),
  v.object({ type: v.literal('reset'), run: str, reason: v.picklist(RESET_REASONS), snapshot: RunSnapshotWire }),
  v.object({ type: v.literal('end'), run: str, seq, status }),
  v.object({ type: v.literal('error'), run: opt, problem: ProblemWire }),
  v.object({ type: v.literal('heartbeat'), time: str, runs: v.optional(v.record(str, num)) }),
]);

/** Body of `GET /runs/{id}/events`. */
export const EventPageWire: v.GenericSchema<unknown, EventPage> = v.object({
  runId: str,
  events: v.array(RunEventWire),
  firstSeq: num,
  lastSeq: num,
  status,
});

/** Body of `GET /runs/{id}/logs`. */
export const LogTailWire: v.GenericSchema<unknown, LogTail> = v.object({
  runId: str,
  lines: v.array(LogEventWire),
  lastSeq: num,
});
