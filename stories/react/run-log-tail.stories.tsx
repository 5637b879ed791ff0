import type { Meta, StoryObj } from '@storybook/react-vite';
import { RunLogTail } from '../../src/react/index.js';
import { docOf, logTailStates, playState, type LogTailSettings, type StoryState } from '../states.js';
import { baseUrlFor, withMock } from '../support.js';
import { feedOptionsOf, Frame } from './frame.js';
import { manifest } from '../manifest.js';
import { argTypesFromManifest } from '../manifest-arg-types.js';

/** `<RunLogTail>` in every state the element's own stories show, on the same mock backends. */
const meta: Meta = {
  title: 'React/RunLogTail',
  component: RunLogTail,
  argTypes: manifest ? argTypesFromManifest(manifest, 'run-log-tail', 'react') : {},
};
export default meta;
type Story = StoryObj;

function story(state: StoryState<LogTailSettings>): Story {
  return {
    parameters: docOf(state),
    beforeEach: withMock(state.setup),
    render: (args, { id }) => (
      <Frame frame={state.frame}>
        <RunLogTail
          baseUrl={baseUrlFor(id)}
          runId={state.runId ?? state.setup.scenario.id}
          feedOptions={feedOptionsOf(state.frame)}
          style={{ height: '100%' }}
          {...state.settings}
          {...args}
        />
      </Frame>
    ),
    play: ({ canvasElement }) => playState(canvasElement, 'run-log-tail', state),
  };
}

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
