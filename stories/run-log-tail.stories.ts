import type { Meta } from '@storybook/web-components-vite';
import { logTailStates, tagStory, type LogTailSettings, type StoryState } from './states.js';

const TAG = 'run-log-tail';

const meta: Meta = {
  title: 'Elements/run-log-tail',
  component: TAG,
  args: { theme: 'light', wrap: false, 'line-numbers': 'on', timestamps: 'none', grouping: 'on', 'filter-text': '' },
};
export default meta;

const story = (state: StoryState<LogTailSettings>) => tagStory(TAG, state);

const states = logTailStates;
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
export const Chatty = story(states.Chatty);
export const HugeLog = story(states.HugeLog);
export const Ansi = story(states.Ansi);
export const Dark = story(states.Dark);
export const RightToLeft = story(states.RightToLeft);
export const Narrow = story(states.Narrow);
export const Compact = story(states.Compact);
export const Timestamps = story(states.Timestamps);
export const RelativeTimestamps = story(states.RelativeTimestamps);
export const Search = story(states.Search);
export const Filter = story(states.Filter);
export const CollapsedGroup = story(states.CollapsedGroup);
export const LinkedLine = story(states.LinkedLine);
export const LongLines = story(states.LongLines);
export const NotFound = story(states.NotFound);
export const CollapseFinished = story(states.CollapseFinished);
