import { RunProgress } from './run-progress.component.js';

// Defining is the module's only side effect; a second copy of the kit on the page must not throw.
if (!customElements.get('run-progress')) customElements.define('run-progress', RunProgress);

export { RunProgress };
export type { RunProgressAnnounce, RunProgressLayout, RunProgressTheme } from './run-progress.component.js';
export type { RunProgressStrings, RunProgressStringsInput } from './internal/strings.js';
export { defaultStrings as runProgressDefaultStrings } from './internal/strings.js';
// What the element's properties name: its clock, label map and feed options, and (from the
// feed) every type a feed, the client options and the contract use.
export type { ElementClock } from '../shared/clock.js';
export type { LabelMap } from '../shared/phase-label.js';
export type { OwnedFeedOptions } from '../controllers/feed-source-controller.js';
export type * from '../../feed/public-types.js';
// The vocabularies those types use, each a `const` object and a type of the same name.
export { TransportKind, ConnectionStatus, CloseKind } from '../../feed/index.js';
export { RunStatus, StepState, LogLevel, LogStream, ResetReason } from '../../contract/vocabulary.js';

declare global {
  interface HTMLElementTagNameMap {
    'run-progress': RunProgress;
  }
}
