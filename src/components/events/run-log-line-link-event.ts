/**
 * The reader clicked a line number in `<run-log-tail>`: the line is now the linked one.
 * `href` is the fragment that links to it (`#<run id>:L<seq>`), for a page that wants to put it in
 * its address or share it. Bubbles and crosses shadow roots.
 */
export class RunLogLineLinkEvent extends Event {
  /** The event's type. */
  static readonly eventName = 'run-log-line-link';

  constructor(
    /** The run. */
    readonly runId: string | undefined,
    /** Sequence number of the linked line. */
    readonly seq: number,
    /** Fragment linking to the line: `#<run id>:L<seq>` (the run id URI-encoded). */
    readonly href: string,
  ) {
    super(RunLogLineLinkEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'run-log-line-link': RunLogLineLinkEvent;
  }
}
