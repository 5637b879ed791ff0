import type { RunFeedState } from '../../feed/types.js';

/** A run's name for people, as both elements say it in accessible names and announcements: its title, else its id. */
export function runNameOf(state: RunFeedState): string {
  return state.run?.title ?? state.runId;
}
