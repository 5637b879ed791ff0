import type { Meta, StoryObj } from '@storybook/react-vite';
import { RunProgress } from '../../src/react/index.js';
import { docOf, progressStates, playState, type ProgressSettings, type StoryState } from '../states.js';
import { baseUrlFor, withMock } from '../support.js';
import { feedOptionsOf, Frame } from './frame.js';
import { manifest } from '../manifest.js';
import { argTypesFromManifest } from '../manifest-arg-types.js';

/** `<RunProgress>` in every state the element's own stories show, on the same mock backends. */
const meta: Meta = {
  title: 'React/RunProgress',
  component: RunProgress,
  argTypes: manifest ? argTypesFromManifest(manifest, 'run-progress', 'react') : {},
};
export default meta;
type Story = StoryObj;

function story(state: StoryState<ProgressSettings>): Story {
  return {
    parameters: docOf(state),
    beforeEach: withMock(state.setup),
    render: (args, { id }) => (
      <Frame frame={state.frame}>
        <RunProgress
          baseUrl={baseUrlFor(id)}
          runId={state.runId ?? state.setup.scenario.id}
          feedOptions={feedOptionsOf(state.frame)}
          {...state.settings}
          {...args}
        />
      </Frame>
    ),
    play: ({ canvasElement }) => playState(canvasElement, 'run-progress', state),
  };
}

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
