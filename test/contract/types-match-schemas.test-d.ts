/**
 * The contract's written-out types (src/contract/types.ts) are the output types of its
 * schemas (src/contract/schemas.ts), exactly: a field added, dropped, made optional or
 * given another type on one side only fails `npm run typecheck` on the line that names
 * the pair. Checked by `tsc` only; there is nothing to run.
 */
import type * as v from 'valibot';
import type * as s from '../../src/contract/schemas.js';
import type * as t from '../../src/contract/types.js';

/**
 * `true` only when `A` and `B` are the same type (not merely assignable both ways: an
 * optional field against a required one, or `readonly` against mutable, also differ).
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export const matches = {
  Step: true satisfies Equal<t.Step, Out<typeof s.StepSchema>>,
  StepInput: true satisfies Equal<t.Step, Out<typeof s.StepInputSchema>>,
  RunError: true satisfies Equal<t.RunError, Out<typeof s.RunErrorSchema>>,
  ProgressEvent: true satisfies Equal<t.ProgressEvent, Out<typeof s.ProgressEventSchema>>,
  LogEvent: true satisfies Equal<t.LogEvent, Out<typeof s.LogEventSchema>>,
  StatusEvent: true satisfies Equal<t.StatusEvent, Out<typeof s.StatusEventSchema>>,
  RunEvent: true satisfies Equal<t.RunEvent, Out<typeof s.RunEventSchema>>,
  ProgressEventInput: true satisfies Equal<t.ProgressEventInput, Out<typeof s.ProgressEventInputSchema>>,
  LogEventInput: true satisfies Equal<t.LogEventInput, Out<typeof s.LogEventInputSchema>>,
  StatusEventInput: true satisfies Equal<t.StatusEventInput, Out<typeof s.StatusEventInputSchema>>,
  RunEventInput: true satisfies Equal<t.RunEventInput, Out<typeof s.RunEventInputSchema>>,
  AppendBatch: true satisfies Equal<t.AppendBatch, Out<typeof s.AppendBatchSchema>>,
  AppendBody: true satisfies Equal<t.AppendBody, Out<typeof s.AppendBodySchema>>,
  CreateRunInput: true satisfies Equal<t.CreateRunInput, Out<typeof s.CreateRunInputSchema>>,
  RunEstimate: true satisfies Equal<t.RunEstimate, Out<typeof s.RunEstimateSchema>>,
  RunSnapshot: true satisfies Equal<t.RunSnapshot, Out<typeof s.RunSnapshotSchema>>,
  RunList: true satisfies Equal<t.RunList, Out<typeof s.RunListSchema>>,
  EventPage: true satisfies Equal<t.EventPage, Out<typeof s.EventPageSchema>>,
  LogTail: true satisfies Equal<t.LogTail, Out<typeof s.LogTailSchema>>,
  AppendResult: true satisfies Equal<t.AppendResult, Out<typeof s.AppendResultSchema>>,
  Problem: true satisfies Equal<t.Problem, Out<typeof s.ProblemSchema>>,
  ReadyFrame: true satisfies Equal<t.ReadyFrame, Out<typeof s.ReadyFrameSchema>>,
  EventFrame: true satisfies Equal<t.EventFrame, Out<typeof s.EventFrameSchema>>,
  ResetFrame: true satisfies Equal<t.ResetFrame, Out<typeof s.ResetFrameSchema>>,
  EndFrame: true satisfies Equal<t.EndFrame, Out<typeof s.EndFrameSchema>>,
  ErrorFrame: true satisfies Equal<t.ErrorFrame, Out<typeof s.ErrorFrameSchema>>,
  HeartbeatFrame: true satisfies Equal<t.HeartbeatFrame, Out<typeof s.HeartbeatFrameSchema>>,
  ServerFrame: true satisfies Equal<t.ServerFrame, Out<typeof s.ServerFrameSchema>>,
  AuthMessage: true satisfies Equal<t.AuthMessage, Out<typeof s.AuthMessageSchema>>,
  SubscribeMessage: true satisfies Equal<t.SubscribeMessage, Out<typeof s.SubscribeMessageSchema>>,
  UnsubscribeMessage: true satisfies Equal<t.UnsubscribeMessage, Out<typeof s.UnsubscribeMessageSchema>>,
  ClientMessage: true satisfies Equal<t.ClientMessage, Out<typeof s.ClientMessageSchema>>,
};
