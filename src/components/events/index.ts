/**
 * The DOM events the kit's elements fire: one class per file, all bubbling and composed,
 * all typed in `GlobalEventHandlersEventMap`.
 * @module
 */
export { RunStatusChangeEvent } from './run-status-change-event.js';
export { RunCompleteEvent, type FinalRunStatus } from './run-complete-event.js';
export { RunErrorEvent } from './run-error-event.js';
