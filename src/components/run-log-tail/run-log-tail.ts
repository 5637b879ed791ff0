/**
 * Defines `<run-log-tail>`. Importing this module registers the tag (once); import
 * `run-log-tail.component.js` instead to register it under another name.
 * @module
 */
import { RunLogTail } from './run-log-tail.component.js';

export { RunLogTail, type TimestampMode } from './run-log-tail.component.js';
export { RunLogLineLinkEvent } from '../events/run-log-line-link-event.js';
export type { RunLogTailStrings, RunLogTailStringsInput } from './internal/strings.js';
export type { OwnedFeedOptions } from '../shared/open-feed.js';
export { defaultStrings as runLogTailDefaultStrings } from './internal/strings.js';

if (!customElements.get('run-log-tail')) customElements.define('run-log-tail', RunLogTail);

declare global {
  interface HTMLElementTagNameMap {
    'run-log-tail': RunLogTail;
  }
}
