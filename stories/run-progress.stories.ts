import type { Meta, StoryObj } from '@storybook/web-components-vite';
import {
  ansi,
  cancel,
  failure,
  FRESH_TOKEN,
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

const TAG = 'run-progress';

const meta: Meta = {
  title: 'Elements/run-progress',
  component: TAG,
  args: { theme: 'light', layout: 'full', 'stall-after': 60, announce: 'all' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    layout: { control: 'inline-radio', options: ['full', 'compact'] },
    announce: { control: 'inline-radio', options: ['all', 'end', 'off'] },
    'stall-after': { control: { type: 'number', min: 0 } },
  },
};
export default meta;
type Story = StoryObj;

/** A story: the scenario's run from the mocks, framed and checked as `expect` says. */
function story(
  setup: MockSetup,
  options: { args?: Record<string, unknown>; frame?: StoryFrame; status?: string; connection?: string } = {},
): Story {
  return {
    args: { 'run-id': setup.scenario.id, ...options.args },
    beforeEach: withMock(setup),
    render: renderElement(TAG, options.frame),
    play: ({ canvasElement }) => expectRendered(canvasElement, options),
  };
}

/** The whole nightly import in real time: queued, four phases, succeeded (about 25 s). */
export const Running = story({ scenario: happyPath }, { status: 'running' });
export const Queued = story({ scenario: queued }, { status: 'queued' });
export const PhaseExtract = story({ scenario: phaseStills[0]! }, { status: 'running' });
export const PhaseTransform = story({ scenario: phaseStills[1]! }, { status: 'running' });
export const PhaseLoad = story({ scenario: phaseStills[2]! }, { status: 'running' });
export const PhaseReport = story({ scenario: phaseStills[3]! }, { status: 'running' });
export const Succeeded = story({ scenario: happyPath, speed: 40 }, { status: 'succeeded' });
export const Failed = story({ scenario: failure, speed: 40 }, { status: 'failed' });
export const Cancelled = story({ scenario: cancel, speed: 40 }, { status: 'cancelled' });
/** Goes silent in the transform phase; the warning shows after `stall-after` seconds. */
export const Stalled = story({ scenario: stall }, { args: { 'stall-after': 3 }, status: 'running' });
/** The server becomes unreachable after a second: the connection keeps retrying with backoff. */
export const Reconnecting = story(
  { scenario: outage, network: { downAfterMs: 1_000 } },
  { status: 'running', connection: 'reconnecting' },
);
/** The browser says it is offline (the feed waits for `online`). */
export const Offline = story(
  { scenario: happyPath },
  { frame: { environment: offlineEnvironment }, connection: 'offline' },
);
/** WebSocket and SSE refused: the client falls back to polling. */
export const PollingFallback = story({ scenario: pollingOnly }, { status: 'running', connection: 'polling' });
/** Streams cut every 3 s: the client resumes from its cursor each time. */
export const NetworkFlaps = story({ scenario: networkFlaps }, { status: 'running' });
/** The token is refused, also after a refresh. */
export const Unauthorized = story(
  { scenario: unauthorizedThenRecovery },
  { frame: { getToken: () => 'revoked-token' }, connection: 'unauthorized' },
);
/** The first token is refused; the refreshed one works. */
export const UnauthorizedThenRecovered = story(
  { scenario: unauthorizedThenRecovery },
  { frame: { getToken: ({ refresh }) => (refresh ? FRESH_TOKEN : 'expired-token') }, status: 'running' },
);
export const HugeLog = story({ scenario: hugeLog }, { status: 'running' });
export const AnsiFailure = story({ scenario: ansi, speed: 20 }, { status: 'failed' });
export const Dark = story({ scenario: phaseStills[1]! }, { args: { theme: 'dark' }, frame: { dark: true } });
export const DarkFailed = story(
  { scenario: failure, speed: 40 },
  { args: { theme: 'dark' }, frame: { dark: true }, status: 'failed' },
);
export const RightToLeft = story({ scenario: phaseStills[2]! }, { frame: { dir: 'rtl', lang: 'ar' } });
export const Narrow = story({ scenario: phaseStills[1]! }, { frame: { width: '240px' } });
export const Compact = story({ scenario: phaseStills[1]! }, { args: { layout: 'compact' } });
export const CompactNarrowFailed = story(
  { scenario: failure, speed: 40 },
  { args: { layout: 'compact' }, frame: { width: '240px' }, status: 'failed' },
);
