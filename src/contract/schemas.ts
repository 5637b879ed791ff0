/**
 * Valibot schemas for everything on the wire. Two families:
 * - read schemas (`*Schema`) for what servers send: tolerant of unknown fields (they
 *   are dropped), so a newer server never breaks an older client;
 * - input schemas (`*InputSchema`) for what producers send: strict, so a typo in a
 *   field name is a 422 with the field's path instead of silently lost data.
 * The OpenAPI document in `docs/` is generated from these (`npm run contract:openapi`).
 * @module
 */
import * as v from 'valibot';
import {
  MAX_BATCH,
  MAX_LOG_TEXT,
  MAX_SHORT_TEXT,
  MAX_STEPS,
  RUN_ID_PATTERN,
} from './limits.js';
import { LOG_LEVELS, LOG_STREAMS, RESET_REASONS, RUN_STATUSES, STEP_STATES } from './vocabulary.js';

const shortText = v.pipe(v.string(), v.maxLength(MAX_SHORT_TEXT));
const key = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SHORT_TEXT));
const timestamp = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));
const seq = v.pipe(v.number(), v.integer(), v.minValue(1));
const cursor = v.pipe(v.number(), v.integer(), v.minValue(0));
const millis = v.pipe(v.number(), v.minValue(0));
const percent = v.pipe(v.number(), v.minValue(0), v.maxValue(100));

/** A run id: 1 to 64 of `A-Z a-z 0-9 _ -`. */
export const RunIdSchema = v.pipe(
  v.string(),
  v.regex(RUN_ID_PATTERN, 'must be 1-64 characters of A-Z a-z 0-9 _ -, not __proto__, constructor or prototype'),
);

const stepEntries = {
  key,
  label: v.optional(shortText),
  state: v.picklist(STEP_STATES),
  startedAt: v.optional(timestamp),
  endedAt: v.optional(timestamp),
};
/** One step of a run's checklist as servers send it. */
export const StepSchema = v.object(stepEntries);
/** One step as producers send it. */
export const StepInputSchema = v.strictObject(stepEntries);

const errorEntries = {
  message: shortText,
  code: v.optional(shortText),
  phase: v.optional(shortText),
};
/** What went wrong in a failed run. */
export const RunErrorSchema = v.object(errorEntries);
const RunErrorInputSchema = v.strictObject(errorEntries);

const progressEntries = {
  type: v.literal('progress'),
  phase: key,
  label: v.optional(shortText),
  percent: v.optional(percent),
  message: v.optional(shortText),
  etaMs: v.optional(millis),
};
const logEntries = {
  type: v.literal('log'),
  text: v.pipe(v.string(), v.maxLength(MAX_LOG_TEXT)),
  level: v.optional(v.picklist(LOG_LEVELS)),
  stream: v.optional(v.picklist(LOG_STREAMS)),
  phase: v.optional(shortText),
};
const statusEntries = {
  type: v.literal('status'),
  status: v.picklist(RUN_STATUSES),
};
const stamped = { seq, time: timestamp };

/** A progress event: the run's current phase, percent, message, steps and ETA. */
export const ProgressEventSchema = v.object({
  ...stamped,
  ...progressEntries,
  steps: v.optional(v.array(StepSchema)),
});
/** A log event: one line of the run's output. */
export const LogEventSchema = v.object({ ...stamped, ...logEntries });
/** A status event: the run's lifecycle moved on. */
export const StatusEventSchema = v.object({
  ...stamped,
  ...statusEntries,
  error: v.optional(RunErrorSchema),
});
/** Any event of a run's log, told apart by `type`. */
export const RunEventSchema = v.variant('type', [ProgressEventSchema, LogEventSchema, StatusEventSchema]);

const inputTime = { time: v.optional(timestamp) };
/** A progress event as a producer appends it (no `seq`; `time` defaults to now). */
export const ProgressEventInputSchema = v.strictObject({
  ...inputTime,
  ...progressEntries,
  steps: v.optional(v.pipe(v.array(StepInputSchema), v.maxLength(MAX_STEPS))),
});
/** A log event as a producer appends it. */
export const LogEventInputSchema = v.strictObject({ ...inputTime, ...logEntries });
/** A status event as a producer appends it. */
export const StatusEventInputSchema = v.strictObject({
  ...inputTime,
  ...statusEntries,
  error: v.optional(RunErrorInputSchema),
});
/** Any event as a producer appends it. */
export const RunEventInputSchema = v.variant('type', [
  ProgressEventInputSchema,
  LogEventInputSchema,
  StatusEventInputSchema,
]);
/** Body of `POST /runs/{id}/events` when it carries a batch. */
export const AppendBatchSchema = v.strictObject({
  events: v.pipe(v.array(RunEventInputSchema), v.minLength(1), v.maxLength(MAX_BATCH)),
});
/** Body of `POST /runs/{id}/events`: one event, or `{ events: [...] }`. */
export const AppendBodySchema = v.union([RunEventInputSchema, AppendBatchSchema]);

/** Body of `POST /runs`. */
export const CreateRunInputSchema = v.strictObject({
  id: v.optional(RunIdSchema),
  kind: v.optional(key),
  title: v.optional(shortText),
  steps: v.optional(
    v.pipe(v.array(v.strictObject({ key, label: v.optional(shortText) })), v.maxLength(MAX_STEPS)),
  ),
});

/** Per-step duration estimates from earlier runs of the same kind. */
export const RunEstimateSchema = v.object({
  /** How many finished runs of this kind the estimate comes from. */
  basedOn: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Typical duration of each step, by step key, in milliseconds. */
  stepsMs: v.record(v.string(), millis),
  /** Typical duration of a whole run, in milliseconds. */
  totalMs: v.optional(millis),
});

/** The run snapshot: the fold of the run's events up to and including `seq`. */
export const RunSnapshotSchema = v.object({
  id: RunIdSchema,
  kind: v.optional(shortText),
  title: v.optional(shortText),
  status: v.picklist(RUN_STATUSES),
  /** Sequence number of the last event folded into this snapshot (0: none yet). */
  seq: cursor,
  createdAt: timestamp,
  updatedAt: timestamp,
  startedAt: v.optional(timestamp),
  endedAt: v.optional(timestamp),
  phase: v.optional(shortText),
  phaseLabel: v.optional(shortText),
  percent: v.optional(percent),
  message: v.optional(shortText),
  etaMs: v.optional(millis),
  /** When the ETA was stated: the remaining time counts down from here. */
  etaAt: v.optional(timestamp),
  steps: v.array(StepSchema),
  error: v.optional(RunErrorSchema),
  /** Number of log lines the run has written. */
  logLines: v.pipe(v.number(), v.integer(), v.minValue(0)),
  estimate: v.optional(RunEstimateSchema),
});

/** Body of `GET /runs`. */
export const RunListSchema = v.object({
  runs: v.array(RunSnapshotSchema),
  /** Pass as `?cursor=` for the next page; absent on the last page. */
  next: v.optional(v.string()),
});

/** Body of `GET /runs/{id}/events`. */
export const EventPageSchema = v.object({
  runId: RunIdSchema,
  events: v.array(RunEventSchema),
  /** Oldest retained seq (history before it was trimmed); `lastSeq + 1` when none is retained. */
  firstSeq: seq,
  /** The run's last seq at the time of the read. */
  lastSeq: cursor,
  status: v.picklist(RUN_STATUSES),
});

/** Body of `GET /runs/{id}/logs`. */
export const LogTailSchema = v.object({
  runId: RunIdSchema,
  lines: v.array(LogEventSchema),
  lastSeq: cursor,
});

/** Body of a successful append. */
export const AppendResultSchema = v.object({
  runId: RunIdSchema,
  /** Seq of the first and last appended event. */
  firstSeq: seq,
  lastSeq: seq,
  /** True when this answers a retry of an append already stored (same `Idempotency-Key`). */
  replayed: v.boolean(),
});

/** An RFC 9457 problem details body, as every error response carries. */
export const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.pipe(v.number(), v.integer()),
  detail: v.optional(v.string()),
  instance: v.optional(v.string()),
  /** For validation problems: each invalid field by JSON pointer. */
  errors: v.optional(v.array(v.object({ pointer: v.string(), message: v.string() }))),
  /** For history problems: the oldest retained seq. */
  firstSeq: v.optional(seq),
});

// ---- Stream frames: the multiplexed WebSocket and SSE streams carry these as JSON. ----

/** Sent once a multiplexed stream is open and authorised. */
export const ReadyFrameSchema = v.object({ type: v.literal('ready'), heartbeatMs: millis });
/** One event of one run. */
export const EventFrameSchema = v.object({ type: v.literal('event'), run: RunIdSchema, event: RunEventSchema });
/**
 * The server cannot resume `run` from the cursor given: discard local state for it and
 * start again from `snapshot`; the events that follow continue from `snapshot.seq`.
 */
export const ResetFrameSchema = v.object({
  type: v.literal('reset'),
  run: RunIdSchema,
  reason: v.picklist(RESET_REASONS),
  snapshot: RunSnapshotSchema,
});
/** The run reached a terminal status; nothing more will come for it. */
export const EndFrameSchema = v.object({
  type: v.literal('end'),
  run: RunIdSchema,
  seq: cursor,
  status: v.picklist(RUN_STATUSES),
});
/** A subscription (or, without `run`, the whole connection) failed. */
export const ErrorFrameSchema = v.object({
  type: v.literal('error'),
  run: v.optional(RunIdSchema),
  problem: ProblemSchema,
});
/** Liveness, with each subscribed run's last seq so an idle client can spot a gap. */
export const HeartbeatFrameSchema = v.object({
  type: v.literal('heartbeat'),
  time: timestamp,
  runs: v.optional(v.record(v.string(), cursor)),
});
/** Anything a server sends on a multiplexed stream. */
export const ServerFrameSchema = v.variant('type', [
  ReadyFrameSchema,
  EventFrameSchema,
  ResetFrameSchema,
  EndFrameSchema,
  ErrorFrameSchema,
  HeartbeatFrameSchema,
]);

/** Client → server on the WebSocket: authenticate (must be first when tokens are on). */
export const AuthMessageSchema = v.strictObject({ type: v.literal('auth'), token: v.pipe(v.string(), v.maxLength(8192)) });
/** Client → server: follow `run`, starting after seq `after` (0 = from the start). */
export const SubscribeMessageSchema = v.strictObject({ type: v.literal('subscribe'), run: RunIdSchema, after: cursor });
/** Client → server: stop following `run`. */
export const UnsubscribeMessageSchema = v.strictObject({ type: v.literal('unsubscribe'), run: RunIdSchema });
/** Anything a client sends on the WebSocket. */
export const ClientMessageSchema = v.variant('type', [
  AuthMessageSchema,
  SubscribeMessageSchema,
  UnsubscribeMessageSchema,
]);
