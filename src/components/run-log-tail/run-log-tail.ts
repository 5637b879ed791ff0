/**
 * Defines `<run-log-tail>`. Importing this module registers the tag (once); import
 * `run-log-tail.component.js` instead to register it under another name.
 * @module
 */
import { RunLogTail } from './run-log-tail.component.js';

export { RunLogTail, type TimestampMode } from './run-log-tail.component.js';
export { RunLogLineLinkEvent } from '../events/run-log-line-link-event.js';
export type { RunLogTailStrings, RunLogTailStringsInput } from './internal/strings.js';
export { defaultStrings as runLogTailDefaultStrings } from './internal/strings.js';
// What the element's properties name: its label map and feed options, and (from the feed)
// every type a feed, the client options and the contract use.
export type { LabelMap } from '../shared/phase-label.js';
export type { OwnedFeedOptions } from '../controllers/feed-source-controller.js';
export type * from '../../feed/public-types.js';
// The vocabularies those types use, each a `const` object and a type of the same name.
export { TransportKind, ConnectionStatus, CloseKind } from '../../feed/index.js';
export { RunStatus, StepState, LogLevel, LogStream, ResetReason } from '../../contract/vocabulary.js';

if (!customElements.get('run-log-tail')) customElements.define('run-log-tail', RunLogTail);

declare global {
  interface HTMLElementTagNameMap {
    'run-log-tail': RunLogTail;
  }
}
