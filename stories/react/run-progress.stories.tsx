import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  cancel,
  failure,
  FRESH_TOKEN,
  happyPath,
  hugeLog,
  ansi,
  networkFlaps,
  outage,
  phaseStills,
  pollingOnly,
  queued,
  stall,
  unauthorizedThenRecovery,
} from '../../mocks/index.js';
import { RunProgress, type RunProgressProps } from '../../src/react/index.js';
import {
  baseUrlFor,
  expectRendered,
  offlineEnvironment,
  withMock,
  type MockSetup,
  type StoryExpectations,
  type StoryFrame,
} from '../support.js';
import { feedOptionsOf, Frame } from './frame.js';

/** `<RunProgress>` in every state the element's own stories show, on the same mock backends. */
const meta: Meta = { title: 'React/RunProgress' };
export default meta;
type Story = StoryObj;

type Props = Partial<Omit<RunProgressProps, 'ref'>>;

function story(setup: MockSetup, options: StoryExpectations & { props?: Props; frame?: StoryFrame } = {}): Story {
  return {
    beforeEach: withMock(setup),
    render: (_args, { id }) => (
      <Frame frame={options.frame}>
        <RunProgress
          baseUrl={baseUrlFor(id)}
          runId={setup.scenario.id}
          feedOptions={feedOptionsOf(options.frame)}
          {...options.props}
        />
      </Frame>
    ),
    play: ({ canvasElement }) => expectRendered(canvasElement, options),
  };
}

export const Running = story({ scenario: happyPath }, { status: 'running' });
export const Queued = story({ scenario: queued }, { status: 'queued' });
export const PhaseExtract = story({ scenario: phaseStills[0]! }, { status: 'running' });
export const PhaseTransform = story({ scenario: phaseStills[1]! }, { status: 'running' });
export const PhaseLoad = story({ scenario: phaseStills[2]! }, { status: 'running' });
export const PhaseReport = story({ scenario: phaseStills[3]! }, { status: 'running' });
export const Succeeded = story({ scenario: happyPath, speed: 40 }, { status: 'succeeded' });
export const Failed = story({ scenario: failure, speed: 40 }, { status: 'failed' });
export const Cancelled = story({ scenario: cancel, speed: 40 }, { status: 'cancelled' });
export const Stalled = story({ scenario: stall }, { props: { stallAfter: 3 }, status: 'running' });
export const Reconnecting = story(
  { scenario: outage, network: { downAfterMs: 1_000 } },
  { status: 'running', connection: 'reconnecting' },
);
export const Offline = story(
  { scenario: happyPath },
  { frame: { environment: offlineEnvironment }, connection: 'offline' },
);
export const PollingFallback = story({ scenario: pollingOnly }, { status: 'running', connection: 'polling' });
export const NetworkFlaps = story({ scenario: networkFlaps }, { status: 'running' });
export const Unauthorized = story(
  { scenario: unauthorizedThenRecovery },
  { frame: { getToken: () => 'revoked-token' }, connection: 'unauthorized' },
);
export const UnauthorizedThenRecovered = story(
  { scenario: unauthorizedThenRecovery },
  { frame: { getToken: ({ refresh }) => (refresh ? FRESH_TOKEN : 'expired-token') }, status: 'running' },
);
export const HugeLog = story({ scenario: hugeLog }, { status: 'running' });
export const AnsiFailure = story({ scenario: ansi, speed: 20 }, { status: 'failed' });
export const Dark = story({ scenario: phaseStills[1]! }, { props: { theme: 'dark' }, frame: { dark: true } });
export const RightToLeft = story({ scenario: phaseStills[2]! }, { frame: { dir: 'rtl', lang: 'ar' } });
export const Narrow = story({ scenario: phaseStills[1]! }, { frame: { width: '240px' } });
export const Compact = story({ scenario: phaseStills[1]! }, { props: { layout: 'compact' } });
