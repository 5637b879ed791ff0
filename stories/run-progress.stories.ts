import type { Meta } from '@storybook/web-components-vite';
import { progressStates, tagStory, type ProgressSettings, type StoryState } from './states.js';

const TAG = 'run-progress';

const meta: Meta = {
  title: 'Elements/run-progress',
  component: TAG,
  args: { theme: 'light', layout: 'full', 'stall-after': 60, announce: 'all' },
};
export default meta;

const story = (state: StoryState<ProgressSettings>) => tagStory(TAG, state);

const states = progressStates;
export const Running = story(states.Running);
export const Queued = story(states.Queued);
export const PhaseExtract = story(states.PhaseExtract);
export const PhaseTransform = story(states.PhaseTransform);
export const PhaseLoad = story(states.PhaseLoad);
export const PhaseReport = story(states.PhaseReport);
export const Succeeded = story(states.Succeeded);
export const Failed = story(states.Failed);
export const Cancelled = story(states.Cancelled);
export const Stalled = story(states.Stalled);
export const Reconnecting = story(states.Reconnecting);
export const Offline = story(states.Offline);
export const PollingFallback = story(states.PollingFallback);
export const NetworkFlaps = story(states.NetworkFlaps);
export const Unauthorized = story(states.Unauthorized);
export const UnauthorizedThenRecovered = story(states.UnauthorizedThenRecovered);
export const HugeLog = story(states.HugeLog);
export const AnsiFailure = story(states.AnsiFailure);
export const Dark = story(states.Dark);
export const DarkFailed = story(states.DarkFailed);
export const RightToLeft = story(states.RightToLeft);
export const Narrow = story(states.Narrow);
export const Compact = story(states.Compact);
export const CompactNarrowFailed = story(states.CompactNarrowFailed);
export const LongLabels = story(states.LongLabels);
export const LongLabelsNarrow = story(states.LongLabelsNarrow);
export const ManySteps = story(states.ManySteps);
export const NotFound = story(states.NotFound);
