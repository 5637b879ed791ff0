/**
 * The contract's TypeScript types, inferred from the schemas so the two cannot drift.
 * @module
 */
import type * as v from 'valibot';
import type * as s from './schemas.js';

/** One step of a run's checklist. */
export type Step = v.InferOutput<typeof s.StepSchema>;
/** What went wrong in a failed run. */
export type RunError = v.InferOutput<typeof s.RunErrorSchema>;
/** A progress event. */
export type ProgressEvent = v.InferOutput<typeof s.ProgressEventSchema>;
/** A log event (one line). */
export type LogEvent = v.InferOutput<typeof s.LogEventSchema>;
/** A status event. */
export type StatusEvent = v.InferOutput<typeof s.StatusEventSchema>;
/** Any event of a run's ordered log. */
export type RunEvent = v.InferOutput<typeof s.RunEventSchema>;
/** The kinds of event. */
export type RunEventType = RunEvent['type'];
/** An event as a producer appends it. */
export type RunEventInput = v.InferOutput<typeof s.RunEventInputSchema>;
/** Body of `POST /runs/{id}/events`. */
export type AppendBody = v.InferOutput<typeof s.AppendBodySchema>;
/** Body of `POST /runs`. */
export type CreateRunInput = v.InferOutput<typeof s.CreateRunInputSchema>;
/** Per-step duration estimates from earlier runs of the same kind. */
export type RunEstimate = v.InferOutput<typeof s.RunEstimateSchema>;
/** The fold of a run's events up to `seq`. */
export type RunSnapshot = v.InferOutput<typeof s.RunSnapshotSchema>;
/** Body of `GET /runs`. */
export type RunList = v.InferOutput<typeof s.RunListSchema>;
/** Body of `GET /runs/{id}/events`. */
export type EventPage = v.InferOutput<typeof s.EventPageSchema>;
/** Body of `GET /runs/{id}/logs`. */
export type LogTail = v.InferOutput<typeof s.LogTailSchema>;
/** Body of a successful append. */
export type AppendResult = v.InferOutput<typeof s.AppendResultSchema>;
/** An RFC 9457 problem details body. */
export type Problem = v.InferOutput<typeof s.ProblemSchema>;

/** Frames of the multiplexed streams (WebSocket and `GET /stream`). */
export type ReadyFrame = v.InferOutput<typeof s.ReadyFrameSchema>;
export type EventFrame = v.InferOutput<typeof s.EventFrameSchema>;
export type ResetFrame = v.InferOutput<typeof s.ResetFrameSchema>;
export type EndFrame = v.InferOutput<typeof s.EndFrameSchema>;
export type ErrorFrame = v.InferOutput<typeof s.ErrorFrameSchema>;
export type HeartbeatFrame = v.InferOutput<typeof s.HeartbeatFrameSchema>;
/** Anything a server sends on a multiplexed stream. */
export type ServerFrame = v.InferOutput<typeof s.ServerFrameSchema>;
/** Anything a client sends on the WebSocket. */
export type ClientMessage = v.InferOutput<typeof s.ClientMessageSchema>;
