import type { RunStatus } from '../../contract/index.js';

/**
 * A run's status changed, as an element learnt it from its feed (`previous` is
 * `undefined` the first time the element sees the run). Bubbles and crosses shadow roots.
 */
export class RunStatusChangeEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'run-status-change';

  constructor(
    /** The run. */
    readonly runId: string,
    /** The status now. */
    readonly status: RunStatus,
    /** The status before, or `undefined` on first sight. */
    readonly previous: RunStatus | undefined,
  ) {
    super(RunStatusChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'run-status-change': RunStatusChangeEvent;
  }
}
