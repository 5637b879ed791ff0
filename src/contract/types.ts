/**
 * The contract's TypeScript types, written out for the people who read them: backend
 * authors, producers and pages. The Valibot schemas in `schemas.ts` check the same shapes
 * at run time; `test/contract/types-match-schemas.test-d.ts` fails the type check when a
 * type here and the output of its schema differ, so the two cannot drift.
 *
 * Times are ISO 8601 UTC strings; `seq` is an integer that starts at 1 and rises by exactly
 * 1 per run (see docs/contract.md).
 *
 * They are object type aliases, not interfaces, on purpose: like the inferred types they
 * replace, an object type is assignable to `Record<string, unknown>` (JSON helpers, the
 * stores' codecs), which an interface, having no implicit index signature, is not.
 * @module
 */
import type { LogLevel, LogStream, ResetReason, RunStatus, StepState } from './vocabulary.js';

/** One step of a run's checklist (`ProgressEvent.steps`, `RunSnapshot.steps`). */
export type Step = {
  /** Machine key of the step, unique within the run (1 to 4096 characters). */
  key: string;
  /** The step in words; clients show `key` without it. */
  label?: string | undefined;
  /** Where the step is. */
  state: StepState;
  /** When the step started running. */
  startedAt?: string | undefined;
  /** When the step finished (done, failed or skipped). */
  endedAt?: string | undefined;
};

/** What went wrong in a failed run (on a `failed` {@link StatusEvent}, and in the snapshot). */
export type RunError = {
  /** In words, for people. */
  message: string;
  /** A machine-readable code of the producer's own. */
  code?: string | undefined;
  /** The phase the run failed in. */
  phase?: string | undefined;
};

/** A progress event: the run's current phase, percent, message, steps and ETA. */
export type ProgressEvent = {
  type: 'progress';
  /** Position of the event in the run's log (from 1, one more than the one before). */
  seq: number;
  /** When the event happened. */
  time: string;
  /** Machine key of the current phase. */
  phase: string;
  /** The phase in words. */
  label?: string | undefined;
  /** 0 to 100; absent means unknown (an indeterminate bar). */
  percent?: number | undefined;
  /** What the run is doing now, in words. */
  message?: string | undefined;
  /** Remaining time as of `time`, in milliseconds. */
  etaMs?: number | undefined;
  /** The whole checklist (not a delta): it replaces the snapshot's `steps`. */
  steps?: Step[] | undefined;
};

/** A log event: one line of the run's output. */
export type LogEvent = {
  type: 'log';
  /** Position of the event in the run's log. */
  seq: number;
  /** When the line was written. */
  time: string;
  /** One line, up to 1 MiB; may hold ANSI SGR sequences. */
  text: string;
  /** Severity. */
  level?: LogLevel | undefined;
  /** The output stream the line came from. */
  stream?: LogStream | undefined;
  /** The phase in effect when the line was written (the server fills it in). */
  phase?: string | undefined;
};

/** A status event: the run's lifecycle moved on. */
export type StatusEvent = {
  type: 'status';
  /** Position of the event in the run's log. */
  seq: number;
  /** When the status changed. */
  time: string;
  /** The new status; after a terminal one no event follows. */
  status: RunStatus;
  /** What went wrong, on `failed`. */
  error?: RunError | undefined;
};

/** Any event of a run's ordered log, told apart by `type`. */
export type RunEvent = ProgressEvent | LogEvent | StatusEvent;
/** The kinds of event. */
export type RunEventType = RunEvent['type'];

/** A {@link ProgressEvent} as a producer appends it: no `seq`, and `time` defaults to now. */
export type ProgressEventInput = {
  type: 'progress';
  /** When the event happened (default: when the server stores it). */
  time?: string | undefined;
  /** Machine key of the current phase. */
  phase: string;
  /** The phase in words. */
  label?: string | undefined;
  /** 0 to 100; absent means unknown. */
  percent?: number | undefined;
  /** What the run is doing now, in words. */
  message?: string | undefined;
  /** Remaining time as of `time`, in milliseconds. */
  etaMs?: number | undefined;
  /** The whole checklist, at most 1000 steps. */
  steps?: Step[] | undefined;
};

/** A {@link LogEvent} as a producer appends it. */
export type LogEventInput = {
  type: 'log';
  /** When the line was written (default: when the server stores it). */
  time?: string | undefined;
  /** One line, up to 1 MiB. */
  text: string;
  /** Severity. */
  level?: LogLevel | undefined;
  /** The output stream the line came from. */
  stream?: LogStream | undefined;
  /** The phase; without it the server fills in the phase in effect. */
  phase?: string | undefined;
};

/** A {@link StatusEvent} as a producer appends it. */
export type StatusEventInput = {
  type: 'status';
  /** When the status changed (default: when the server stores it). */
  time?: string | undefined;
  /** The new status. */
  status: RunStatus;
  /** What went wrong, on `failed`. */
  error?: RunError | undefined;
};

/**
 * Any event as a producer appends it. Servers reject unknown fields in these (422 with a
 * JSON pointer to each), so a misspelt field is never silently lost.
 */
export type RunEventInput = ProgressEventInput | LogEventInput | StatusEventInput;

/** A batch for `POST /runs/{id}/events`: 1 to 5000 events, stored in order or not at all. */
export type AppendBatch = {
  events: RunEventInput[];
};

/** Body of `POST /runs/{id}/events`: one event, or a batch. */
export type AppendBody = RunEventInput | AppendBatch;

/** Body of `POST /runs`. */
export type CreateRunInput = {
  /** The run id (1 to 64 of `A-Z a-z 0-9 _ -`); without it the server assigns a UUID. */
  id?: string | undefined;
  /** What kind of run this is; runs of one kind share duration estimates. */
  kind?: string | undefined;
  /** The run in words. */
  title?: string | undefined;
  /** The checklist known up front, at most 1000 steps; each starts `waiting`. */
  steps?: { key: string; label?: string | undefined }[] | undefined;
};

/** Per-step duration estimates from earlier finished runs of the same kind. */
export type RunEstimate = {
  /** How many finished runs of this kind the estimate comes from. */
  basedOn: number;
  /** Typical duration of each step, by step key, in milliseconds. */
  stepsMs: Record<string, number>;
  /** Typical duration of a whole run, in milliseconds. */
  totalMs?: number | undefined;
};

/**
 * The run snapshot (`GET /runs/{id}`): the fold of the run's events up to and including
 * `seq`, so "load the snapshot, then tail from `snapshot.seq`" neither loses nor repeats
 * an event. `applyEvent` is the normative fold.
 */
export type RunSnapshot = {
  /** The run id. */
  id: string;
  /** What kind of run this is. */
  kind?: string | undefined;
  /** The run in words. */
  title?: string | undefined;
  /** The run's lifecycle status. */
  status: RunStatus;
  /** Sequence number of the last event folded into this snapshot (0: none yet). */
  seq: number;
  /** When the run was created. */
  createdAt: string;
  /** When the last event was folded in (the creation time before any). */
  updatedAt: string;
  /** When the run started running. */
  startedAt?: string | undefined;
  /** When the run reached a terminal status. */
  endedAt?: string | undefined;
  /** Machine key of the current phase. */
  phase?: string | undefined;
  /** The current phase in words. */
  phaseLabel?: string | undefined;
  /** 0 to 100; absent means unknown. */
  percent?: number | undefined;
  /** What the run is doing now, in words. */
  message?: string | undefined;
  /** Remaining time as of `etaAt`, in milliseconds. */
  etaMs?: number | undefined;
  /** When the ETA was stated: the remaining time counts down from here. */
  etaAt?: string | undefined;
  /** The checklist (empty when the run has none). */
  steps: Step[];
  /** What went wrong, when the run failed. */
  error?: RunError | undefined;
  /** Number of log lines the run has written. */
  logLines: number;
  /** Duration estimates from earlier runs of the same kind. */
  estimate?: RunEstimate | undefined;
};

/** Body of `GET /runs`: newest first. */
export type RunList = {
  /** One page of runs. */
  runs: RunSnapshot[];
  /** Pass as `?cursor=` for the next page; absent on the last page. */
  next?: string | undefined;
};

/** Body of `GET /runs/{id}/events`: events after the cursor, oldest first. */
export type EventPage = {
  /** The run id. */
  runId: string;
  /** The events, oldest first. */
  events: RunEvent[];
  /** Oldest retained seq (history before it was trimmed); `lastSeq + 1` when none is retained. */
  firstSeq: number;
  /** The run's last seq at the time of the read. */
  lastSeq: number;
  /** The run's status at the time of the read. */
  status: RunStatus;
};

/** Body of `GET /runs/{id}/logs`: the last lines of the run's log. */
export type LogTail = {
  /** The run id. */
  runId: string;
  /** The log events, oldest first. */
  lines: LogEvent[];
  /** The run's last seq (of any event type) at the time of the read. */
  lastSeq: number;
};

/** Body of a successful append (`201`). */
export type AppendResult = {
  /** The run id. */
  runId: string;
  /** Seq of the first appended event. */
  firstSeq: number;
  /** Seq of the last appended event. */
  lastSeq: number;
  /** True when this answers a retry of an append already stored (same `Idempotency-Key`). */
  replayed: boolean;
};

/** An RFC 9457 problem details body (`application/problem+json`), as every error response carries. */
export type Problem = {
  /** A URI that names the kind of problem. */
  type: string;
  /** The kind of problem, in words. */
  title: string;
  /** The HTTP status. */
  status: number;
  /** This occurrence, in words. */
  detail?: string | undefined;
  /** A URI of this occurrence. */
  instance?: string | undefined;
  /** For validation problems: each invalid field by JSON pointer. */
  errors?: { pointer: string; message: string }[] | undefined;
  /** For history problems: the oldest retained seq. */
  firstSeq?: number | undefined;
};

/** Sent once a multiplexed stream is open and authorised. */
export type ReadyFrame = {
  type: 'ready';
  /** The interval of the server's heartbeats, in milliseconds. */
  heartbeatMs: number;
};

/** One event of one run. */
export type EventFrame = {
  type: 'event';
  /** The run id. */
  run: string;
  /** The event. */
  event: RunEvent;
};

/**
 * The server cannot resume `run` from the cursor given: discard local state for it and
 * start again from `snapshot`; the events that follow continue from `snapshot.seq`.
 */
export type ResetFrame = {
  type: 'reset';
  /** The run id. */
  run: string;
  /** Why the cursor could not be resumed from. */
  reason: ResetReason;
  /** The run's state to start again from. */
  snapshot: RunSnapshot;
};

/** The run reached a terminal status; nothing more will come for it. */
export type EndFrame = {
  type: 'end';
  /** The run id. */
  run: string;
  /** Seq of the terminal status event. */
  seq: number;
  /** The terminal status. */
  status: RunStatus;
};

/** A subscription (or, without `run`, the whole connection) failed. */
export type ErrorFrame = {
  type: 'error';
  /** The run whose subscription failed; absent when the connection failed. */
  run?: string | undefined;
  /** What went wrong. */
  problem: Problem;
};

/** Liveness, with each subscribed run's last seq so an idle client can spot a gap. */
export type HeartbeatFrame = {
  type: 'heartbeat';
  /** The server's time. */
  time: string;
  /** The last seq of each subscribed run, by run id. */
  runs?: Record<string, number> | undefined;
};

/** Anything a server sends on a multiplexed stream (WebSocket, `GET /stream`, `GET /poll`). */
export type ServerFrame = ReadyFrame | EventFrame | ResetFrame | EndFrame | ErrorFrame | HeartbeatFrame;

/** Client → server on the WebSocket: authenticate (must be first when tokens are on). */
export type AuthMessage = {
  type: 'auth';
  /** The bearer token (at most 8192 characters). */
  token: string;
};

/** Client → server: follow `run`, starting after seq `after` (0: from the start). */
export type SubscribeMessage = {
  type: 'subscribe';
  /** The run id. */
  run: string;
  /** The seq to resume after. */
  after: number;
};

/** Client → server: stop following `run`. */
export type UnsubscribeMessage = {
  type: 'unsubscribe';
  /** The run id. */
  run: string;
};

/** Anything a client sends on the WebSocket. Servers close the connection (1008) on unknown fields. */
export type ClientMessage = AuthMessage | SubscribeMessage | UnsubscribeMessage;
