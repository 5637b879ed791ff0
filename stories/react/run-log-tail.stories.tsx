import type { Meta, StoryObj } from '@storybook/react-vite';
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
} from '../../mocks/index.js';
import { RunLogTail, type RunLogTailProps } from '../../src/react/index.js';
import {
  baseUrlFor,
  expectRendered,
  offlineEnvironment,
  withMock,
  type MockSetup,
  type StoryFrame,
} from '../support.js';
import { feedOptionsOf, Frame } from './frame.js';

/** `<RunLogTail>` in every state the element's own stories show, on the same mock backends. */
const meta: Meta = { title: 'React/RunLogTail' };
export default meta;
type Story = StoryObj;

type Props = Partial<Omit<RunLogTailProps, 'ref'>>;

function story(setup: MockSetup, options: { props?: Props; frame?: StoryFrame; noLines?: boolean } = {}): Story {
  const frame = { height: '360px', ...options.frame };
  return {
    beforeEach: withMock(setup),
    render: (_args, { id }) => (
      <Frame frame={frame}>
        <RunLogTail
          baseUrl={baseUrlFor(id)}
          runId={setup.scenario.id}
          feedOptions={feedOptionsOf(frame)}
          style={{ height: '100%' }}
          {...options.props}
        />
      </Frame>
    ),
    play: ({ canvasElement }) => expectRendered(canvasElement, { lines: !options.noLines }),
  };
}

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
export const Chatty = story({ scenario: chatty });
export const HugeLog = story({ scenario: hugeLog });
export const Ansi = story({ scenario: ansi, speed: 4 });
export const Dark = story({ scenario: ansi, speed: 4 }, { props: { theme: 'dark' }, frame: { dark: true } });
export const RightToLeft = story({ scenario: phaseStills[2]! }, { frame: { dir: 'rtl', lang: 'ar' } });
export const Narrow = story({ scenario: phaseStills[1]! }, { frame: { width: '240px' } });
export const Compact = story(
  { scenario: phaseStills[1]! },
  { props: { lineNumbers: false, grouping: false, wrap: true }, frame: { height: '160px' } },
);
