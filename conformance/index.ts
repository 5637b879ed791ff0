/**
 * The contract's conformance suite: checks any backend, by URL, against docs/contract.md.
 * It imports nothing from the reference server, so it judges every backend alike.
 * @packageDocumentation
 */
export { runConformance, runCheck, summarize, formatResult } from './runner.js';
export { allChecks } from './checks/index.js';
export type { Check } from './check.js';
export type { CheckContext } from './context.js';
export type { CheckResult, ConformanceOptions, ResolvedOptions } from './options.js';
// What a check of your own works with (`Check.run(ctx)`): the context's requests, streams
// and sockets, and the contract's types they carry.
export type { CallOptions, CreatedRun, TokenChoice } from './context.js';
export type { HttpResponse } from './http.js';
export type { SseMessage, SseStream } from './sse-client.js';
export type { WsClient } from './ws-client.js';
export type { InboxReader, Received } from './inbox.js';
export type { ContractPaths } from '../src/contract/index.js';
export type * from '../src/contract/types.js';
export { RunStatus, StepState, LogLevel, LogStream, ResetReason } from '../src/contract/index.js';
// The randomized fold check's seeded sequences, for backends' own tests and test vectors.
export { randomSequences, seededRandom } from './fold-check/random-sequences.js';
export type { RandomSequence, RandomSequenceOptions, SequenceInit } from './fold-check/random-sequences.js';
