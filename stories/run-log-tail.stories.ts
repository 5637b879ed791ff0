import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  ansi,
  cancel,
  chatty,
  failure,
  happyPath,
  hugeLog,
  networkFlaps,
  outage,
  phaseStills,
  pollingOnly,
  queued,
  stall,
  unauthorizedThenRecovery,
} from '../mocks/index.js';
import {
  expectRendered,
  offlineEnvironment,
  renderElement,
  withMock,
  type MockSetup,
  type StoryFrame,
} from './support.js';

const TAG = 'run-log-tail';
const HEIGHT = '360px';

const meta: Meta = {
  title: 'Elements/run-log-tail',
  component: TAG,
  args: { theme: 'light', wrap: false, 'line-numbers': 'on', timestamps: 'none', grouping: 'on', 'filter-text': '' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    'line-numbers': { control: 'inline-radio', options: ['on', 'off'] },
    grouping: { control: 'inline-radio', options: ['on', 'off'] },
    timestamps: { control: 'inline-radio', options: ['none', 'relative', 'absolute'] },
  },
};
export default meta;
type Story = StoryObj;

/** A story: the scenario's log from the mocks, in a box of fixed height. */
function story(
  setup: MockSetup,
  options: { args?: Record<string, unknown>; frame?: StoryFrame; noLines?: boolean } = {},
): Story {
  return {
    args: { 'run-id': setup.scenario.id, ...options.args },
    beforeEach: withMock(setup),
    render: renderElement(TAG, { height: HEIGHT, ...options.frame }),
    // Lines from the mock backend reached the screen (states without any say so).
    play: ({ canvasElement }) => expectRendered(canvasElement, { lines: !options.noLines }),
  };
}

/** The nightly import's log in real time (about 25 s). */
export const Running = story({ scenario: happyPath });
export const Queued = story({ scenario: queued }, { noLines: true });
export const PhaseExtract = story({ scenario: phaseStills[0]! });
export const PhaseTransform = story({ scenario: phaseStills[1]! });
export const PhaseLoad = story({ scenario: phaseStills[2]! });
export const PhaseReport = story({ scenario: phaseStills[3]! });
export const Succeeded = story({ scenario: happyPath, speed: 40 });
export const Failed = story({ scenario: failure, speed: 40 });
export const Cancelled = story({ scenario: cancel, speed: 40 });
export const Stalled = story({ scenario: stall });
export const Reconnecting = story({ scenario: outage, network: { downAfterMs: 1_000 } }, { noLines: true });
export const Offline = story({ scenario: happyPath }, { frame: { environment: offlineEnvironment }, noLines: true });
export const PollingFallback = story({ scenario: pollingOnly });
export const NetworkFlaps = story({ scenario: networkFlaps });
export const Unauthorized = story(
  { scenario: unauthorizedThenRecovery },
  { frame: { getToken: () => 'revoked-token' }, noLines: true },
);
/** 100 lines a second. */
export const Chatty = story({ scenario: chatty });
/** 100 000 lines in five seconds. */
export const HugeLog = story({ scenario: hugeLog });
export const Ansi = story({ scenario: ansi, speed: 4 });
export const Dark = story({ scenario: ansi, speed: 4 }, { args: { theme: 'dark' }, frame: { dark: true } });
export const RightToLeft = story({ scenario: phaseStills[2]! }, { frame: { dir: 'rtl', lang: 'ar' } });
export const Narrow = story({ scenario: phaseStills[1]! }, { frame: { width: '240px' } });
export const Compact = story(
  { scenario: phaseStills[1]! },
  { args: { 'line-numbers': 'off', grouping: 'off', wrap: true }, frame: { height: '160px' } },
);
