/**
 * The React callback name of each DOM event the elements fire. One map per element; the
 * wrappers pass them to `createComponent`, and a test checks them against the events the
 * custom-elements manifest lists, so a new event cannot be forgotten here.
 * @module
 */
import type { EventName } from '@lit/react';
import { RunCompleteEvent } from '../components/events/run-complete-event.js';
import { RunErrorEvent } from '../components/events/run-error-event.js';
import { RunLogLineLinkEvent } from '../components/events/run-log-line-link-event.js';
import { RunStatusChangeEvent } from '../components/events/run-status-change-event.js';

// The names come from the event classes, so renaming an event renames the listener too.
const named = <E extends Event>(eventClass: { readonly eventName: string }) => eventClass.eventName as EventName<E>;

/** React callbacks of `<RunProgress>`: `onRunStatusChange`, `onRunComplete`, `onRunError`. */
export const runProgressEvents = {
  /** The run's status changed (also on first sight, with `previous` undefined). */
  onRunStatusChange: named<RunStatusChangeEvent>(RunStatusChangeEvent),
  /** The run ended: succeeded, failed or cancelled (once per run). */
  onRunComplete: named<RunCompleteEvent>(RunCompleteEvent),
  /** The run failed, or the feed stopped with a problem (unauthorized, not found…). */
  onRunError: named<RunErrorEvent>(RunErrorEvent),
} as const;

/** React callbacks of `<RunLogTail>`: `onRunLogLineLink`, `onRunError`. */
export const runLogTailEvents = {
  /** The feed stopped with a problem (not found, not authorised…). */
  onRunError: named<RunErrorEvent>(RunErrorEvent),
  /** A line number was clicked (`seq`, `href` = `#<run id>:L<seq>`). */
  onRunLogLineLink: named<RunLogLineLinkEvent>(RunLogLineLinkEvent),
} as const;
