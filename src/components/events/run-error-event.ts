import type { Problem, RunError } from '../../contract/index.js';

/**
 * Something went wrong that the page may want to act on: the run failed (`error` set,
 * with the phase it failed in when known), or the feed stopped without the run ending
 * (`problem` set: unauthorized, forbidden, not found). Fires once per run and cause.
 * Bubbles and crosses shadow roots.
 */
export class RunErrorEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'run-error';

  constructor(
    /** The run. */
    readonly runId: string,
    /** Why the run failed, when it did. */
    readonly error: RunError | undefined,
    /** Why the feed stopped, when it did without the run ending. */
    readonly problem: Problem | undefined,
  ) {
    super(RunErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'run-error': RunErrorEvent;
  }
}
