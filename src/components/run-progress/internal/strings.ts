/**
 * Every word `<run-progress>` shows or announces, so a page can translate or reword any of
 * them. Values that embed numbers take them already formatted for the element's locale.
 * @module
 */
import type { RunStatus, StepState } from '../../../contract/index.js';
import type { TransportKind } from '../../../feed/types.js';

/** The element's words. */
export interface RunProgressStrings {
  /** The visible run caption (with the run id), and the accessible name of the element's group (with the run's name: its title, else its id). */
  run: (runId: string) => string;
  /** Accessible name of the progress bar, with the run's name (its title, else its id): each bar on a dashboard has its own. */
  progress: (run: string) => string;
  /** What the live region says, with the run's accessible name, so a page with several runs says which one. */
  announceFor: (run: string, text: string) => string;
  /** Shown before the first snapshot arrives. */
  loading: string;
  /** Shown when the element has neither a feed nor a run id. */
  noRun: string;
  /** Each run status in words. */
  status: Record<RunStatus, string>;
  /**
   * Each step state in words (read out next to the step's icon). Besides the contract's
   * states: `cancelled`, the step a cancelled run was on, and `not-run`, a step that was
   * still waiting when the run ended.
   */
  stepStates: Record<StepState | 'cancelled' | 'not-run', string>;
  /** Accessible name of the step checklist. */
  steps: string;
  /** In a folded checklist: how many steps come before those shown (number already formatted). */
  earlierSteps: (count: string) => string;
  /** In a folded checklist: how many steps come after those shown. */
  laterSteps: (count: string) => string;
  /** The button that unfolds a long checklist. */
  showAllSteps: (count: string) => string;
  /** The button that folds it again. */
  showFewerSteps: string;
  /** "Step 3 of 7" (numbers already formatted). */
  stepOf: (current: string, total: string) => string;
  /** "Failed at step 3 of 7": where a failed run stopped (numbers already formatted). */
  failedAtStep: (current: string, total: string) => string;
  /** "Cancelled at step 3 of 7": where a cancelled run stopped (numbers already formatted). */
  cancelledAtStep: (current: string, total: string) => string;
  /** Instead of the last phase once a run succeeded: the run is no longer doing it. */
  completed: string;
  /** The bar's `aria-valuetext`: any of the parts may be missing. */
  valueText: (parts: { step?: string | undefined; phase?: string | undefined; percent?: string | undefined }) => string;
  /** Elapsed run time ("4 min, 12 sec" already formatted). */
  elapsed: (duration: string) => string;
  /** How long a finished run took. */
  took: (duration: string) => string;
  /** A duration shorter than the shortest one shown (`duration` is "1 sec", already formatted). */
  under: (duration: string) => string;
  /** When a queued run was created ("14:05", already formatted). */
  queuedSince: (time: string) => string;
  /** The run's expected remaining time. */
  remaining: (duration: string) => string;
  /** Instead of a remaining time once a run or step is past its usual time. */
  longerThanUsual: string;
  /** A waiting step's expected duration. */
  stepTypical: (duration: string) => string;
  /** A running step's expected remaining time. */
  stepRemaining: (duration: string) => string;
  /** The stall warning. */
  stalled: (duration: string) => string;
  /** Heading of the failure box, with the phase the run failed in. */
  failedIn: (phase: string) => string;
  /** Heading of the failure box when the phase is unknown. */
  failed: string;
  /** Shown for a cancelled run. */
  cancelledNote: string;
  /** Announced when the run ends ("Run succeeded"). */
  announceStatus: (status: string) => string;
  /** Connection indicator texts. */
  connection: {
    idle: string;
    connecting: string;
    live: (transport: string) => string;
    polling: string;
    reconnectingIn: (duration: string) => string;
    reconnecting: string;
    offline: string;
    unauthorized: string;
    stopped: string;
  };
  /** Transport names for the connection indicator. */
  transports: Record<TransportKind, string>;
  /** The feed stopped without the run ending (not found, forbidden…), with the server's words. */
  problem: (title: string) => string;
}

/** A partial override: top-level entries, or single entries of the nested groups. */
export type RunProgressStringsInput = {
  [K in keyof RunProgressStrings]?: RunProgressStrings[K] extends (...args: never[]) => unknown
    ? RunProgressStrings[K]
    : RunProgressStrings[K] extends object
      ? Partial<RunProgressStrings[K]>
      : RunProgressStrings[K];
};

/** The English defaults. */
export const defaultStrings: RunProgressStrings = {
  run: (runId) => `Run ${runId}`,
  progress: (run) => `Progress of ${run}`,
  announceFor: (run, text) => `${run}: ${text}`,
  loading: 'Loading…',
  noRun: 'No run selected',
  status: { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' },
  stepStates: {
    waiting: 'Waiting',
    running: 'Running',
    done: 'Done',
    failed: 'Failed',
    skipped: 'Skipped',
    cancelled: 'Cancelled',
    'not-run': 'Not run',
  },
  steps: 'Steps',
  earlierSteps: (count) => `${count} earlier steps`,
  laterSteps: (count) => `${count} later steps`,
  showAllSteps: (count) => `Show all ${count} steps`,
  showFewerSteps: 'Show fewer steps',
  stepOf: (current, total) => `Step ${current} of ${total}`,
  failedAtStep: (current, total) => `Failed at step ${current} of ${total}`,
  cancelledAtStep: (current, total) => `Cancelled at step ${current} of ${total}`,
  completed: 'Completed',
  valueText: ({ step, phase, percent }) => {
    const head = [step, phase].filter(Boolean).join(': ');
    return [head, percent].filter(Boolean).join(', ');
  },
  elapsed: (d) => `Elapsed ${d}`,
  took: (d) => `Took ${d}`,
  under: (d) => `under ${d}`,
  queuedSince: (time) => `Queued since ${time}`,
  remaining: (d) => `About ${d} left`,
  longerThanUsual: 'Taking longer than usual',
  stepTypical: (d) => `usually ${d}`,
  stepRemaining: (d) => `about ${d} left`,
  stalled: (d) => `No update for ${d}`,
  failedIn: (phase) => `Failed during “${phase}”`,
  failed: 'Failed',
  cancelledNote: 'This run was cancelled.',
  announceStatus: (status) => `Run ${status.toLowerCase()}`,
  connection: {
    idle: 'Not connected',
    connecting: 'Connecting…',
    live: (transport) => `Live (${transport})`,
    polling: 'Polling',
    reconnectingIn: (d) => `Reconnecting in ${d}`,
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
    unauthorized: 'Not authorized',
    stopped: 'Not updating',
  },
  transports: { websocket: 'WebSocket', sse: 'SSE', polling: 'polling' },
  problem: (title) => `Cannot show this run: ${title}`,
};

/** Defaults overlaid with a page's partial strings (nested groups merge entry by entry). */
export function mergeStrings(input: RunProgressStringsInput | undefined): RunProgressStrings {
  if (!input) return defaultStrings;
  return {
    ...defaultStrings,
    ...(input as Partial<RunProgressStrings>),
    status: { ...defaultStrings.status, ...input.status },
    stepStates: { ...defaultStrings.stepStates, ...input.stepStates },
    connection: { ...defaultStrings.connection, ...input.connection },
    transports: { ...defaultStrings.transports, ...input.transports },
  };
}
