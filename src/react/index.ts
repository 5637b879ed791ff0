'use client';
/**
 * The kit for React (`run-progress-kit/react`): the elements as components with typed
 * props and callbacks, and hooks over the same run feed for custom UIs. Importing this
 * entry defines `<run-progress>` and `<run-log-tail>`; plain-tag users import the main
 * entry and never load React.
 * ```tsx
 * import { RunProgress, RunLogTail, useRun } from 'run-progress-kit/react';
 * ```
 * @packageDocumentation
 */
export { RunProgress, type RunProgressProps } from './run-progress.js';
export { RunLogTail, type RunLogTailProps } from './run-log-tail.js';
export { runProgressEvents, runLogTailEvents } from './events.js';
export { useRun, type UseRunOptions, type UseRunByIdOptions, type UseRunByFeedOptions } from './use-run.js';
export type { RunView } from './run-source.js';
export { RunClientProvider, useRunClient, type RunClientProviderProps } from './run-client-context.js';
export { createRunClient, watchRun, TransportKind, ConnectionStatus, CloseKind } from '../feed/index.js';
export { RunStatus, StepState, LogLevel, LogStream, ResetReason } from '../contract/vocabulary.js';
export {
  RunCompleteEvent,
  RunErrorEvent,
  RunStatusChangeEvent,
  type FinalRunStatus,
} from '../components/events/index.js';
export { RunLogLineLinkEvent } from '../components/events/run-log-line-link-event.js';
// The elements behind the components, under their own names (`RunProgress` and `RunLogTail`
// here are the components), for refs (`useRef<RunProgressElement>(null)`), and the types
// their properties name.
export type {
  RunProgress as RunProgressElement,
  RunProgressAnnounce,
  RunProgressLayout,
  RunProgressStrings,
  RunProgressStringsInput,
  RunProgressTheme,
  ElementClock,
  LabelMap,
  OwnedFeedOptions,
} from '../components/run-progress/run-progress.js';
export type {
  RunLogTail as RunLogTailElement,
  RunLogTailStrings,
  RunLogTailStringsInput,
  TimestampMode,
} from '../components/run-log-tail/run-log-tail.js';
// Every type of the feed, the client options and the contract (as the other entries).
export type * from '../feed/public-types.js';
