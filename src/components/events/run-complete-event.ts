import type { RunSnapshot } from '../../contract/index.js';

/** The final statuses a run can end with. */
export type FinalRunStatus = 'succeeded' | 'failed' | 'cancelled';

/**
 * A run reached a final status (succeeded, failed or cancelled). Fires once per run per
 * element, also when the run had already ended when the element first saw it. Bubbles and
 * crosses shadow roots.
 */
export class RunCompleteEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'run-complete';

  constructor(
    /** The run. */
    readonly runId: string,
    /** How it ended. */
    readonly status: FinalRunStatus,
    /** The run's final snapshot. */
    readonly run: RunSnapshot,
  ) {
    super(RunCompleteEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'run-complete': RunCompleteEvent;
  }
}
