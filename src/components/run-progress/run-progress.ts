import { RunProgress } from './run-progress.component.js';

// Defining is the module's only side effect; a second copy of the kit on the page must not throw.
if (!customElements.get('run-progress')) customElements.define('run-progress', RunProgress);

export { RunProgress };
export type { RunProgressAnnounce, RunProgressLayout, RunProgressTheme } from './run-progress.component.js';
export type { RunProgressStrings, RunProgressStringsInput } from './internal/strings.js';
export { defaultStrings as runProgressDefaultStrings } from './internal/strings.js';

declare global {
  interface HTMLElementTagNameMap {
    'run-progress': RunProgress;
  }
}
