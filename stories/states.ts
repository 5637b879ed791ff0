/**
 * Every state a designer can look at, once for both Storybooks: the tag stories and the
 * React stories map these to stories (CSF wants each story as a named export, so each
 * file still lists the names).
 * @module
 */
import {
  ansi,
  cancel,
  chatty,
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
import { longLabels, manySteps } from './scenarios.js';
import type { StoryObj } from '@storybook/web-components-vite';
import {
  expectRendered,
  shadowMatch,
  offlineEnvironment,
  renderElement,
  withMock,
  type MockSetup,
  type StoryExpectations,
  type StoryFrame,
} from './support.js';

/** One state: its mock backend, its frame, its element settings and what it must show. */
export interface StoryState<Settings> {
  setup: MockSetup;
  frame?: StoryFrame;
  /** Element settings by property name (tag stories set the matching attributes). */
  settings?: Settings;
  expect: StoryExpectations;
  /** What the state shows, for the docs page. */
  doc?: string;
  /** The run the element asks for, when not the scenario's (a run the backend does not have). */
  runId?: string;
  /** What a user does once it has rendered (collapse a group, follow a link), and waits for. */
  act?: (element: HTMLElement) => Promise<void>;
}

/** Settings `<run-progress>` stories use. */
export interface ProgressSettings {
  theme?: 'light' | 'dark';
  layout?: 'full' | 'compact';
  stallAfter?: number;
}

/** Settings `<run-log-tail>` stories use. */
export interface LogTailSettings {
  theme?: 'light' | 'dark';
  lineNumbers?: boolean;
  grouping?: boolean;
  wrap?: boolean;
  timestamps?: 'none' | 'absolute' | 'relative';
  searchText?: string;
  filterText?: string;
  collapseFinished?: boolean;
}

const stills = phaseStills as [
  MockSetup['scenario'],
  MockSetup['scenario'],
  MockSetup['scenario'],
  MockSetup['scenario'],
];
const running: StoryExpectations = { status: 'running' };
const revoked: StoryFrame = { getToken: () => 'revoked-token' };
/** A run id no mock backend serves: the server answers 404. */
const MISSING_RUN = 'no-such-run';

/** `<run-progress>` in every state. */
export const progressStates = {
  Running: {
    setup: { scenario: happyPath },
    expect: running,
    doc: 'The whole nightly import in real time: queued, four phases, succeeded (about 25 s).',
  },
  Queued: { setup: { scenario: queued }, expect: { status: 'queued' } },
  PhaseExtract: { setup: { scenario: stills[0] }, expect: running },
  PhaseTransform: { setup: { scenario: stills[1] }, expect: running },
  PhaseLoad: { setup: { scenario: stills[2] }, expect: running },
  PhaseReport: { setup: { scenario: stills[3] }, expect: running },
  Succeeded: { setup: { scenario: happyPath, speed: 40 }, expect: { status: 'succeeded' } },
  Failed: { setup: { scenario: failure, speed: 40 }, expect: { status: 'failed' } },
  Cancelled: { setup: { scenario: cancel, speed: 40 }, expect: { status: 'cancelled' } },
  Stalled: {
    setup: { scenario: stall },
    settings: { stallAfter: 3 },
    expect: running,
    doc: 'Goes silent in the transform phase; the warning shows after `stall-after` seconds.',
  },
  Reconnecting: {
    setup: { scenario: outage, network: { downAfterMs: 1_000 } },
    expect: { status: 'running', connection: 'reconnecting' },
    doc: 'The server becomes unreachable after a second: the connection keeps retrying with backoff.',
  },
  Offline: {
    setup: { scenario: happyPath },
    frame: { environment: offlineEnvironment },
    expect: { connection: 'offline' },
    doc: 'The browser says it is offline (the feed waits for `online`).',
  },
  PollingFallback: {
    setup: { scenario: pollingOnly },
    expect: { status: 'running', connection: 'polling' },
    doc: 'WebSocket and SSE refused: the client falls back to polling.',
  },
  NetworkFlaps: {
    setup: { scenario: networkFlaps },
    expect: running,
    doc: 'Streams cut every 3 s: the client resumes from its cursor each time.',
  },
  Unauthorized: {
    setup: { scenario: unauthorizedThenRecovery },
    frame: revoked,
    expect: { connection: 'unauthorized' },
    doc: 'The token is refused, also after a refresh.',
  },
  UnauthorizedThenRecovered: {
    setup: { scenario: unauthorizedThenRecovery },
    frame: { getToken: ({ refresh }) => (refresh ? FRESH_TOKEN : 'expired-token') },
    expect: running,
    doc: 'The first token is refused; the refreshed one works.',
  },
  HugeLog: { setup: { scenario: hugeLog }, expect: running },
  AnsiFailure: { setup: { scenario: ansi, speed: 20 }, expect: { status: 'failed' } },
  Dark: { setup: { scenario: stills[1] }, settings: { theme: 'dark' }, frame: { dark: true }, expect: {} },
  DarkFailed: {
    setup: { scenario: failure, speed: 40 },
    settings: { theme: 'dark' },
    frame: { dark: true },
    expect: { status: 'failed' },
  },
  RightToLeft: { setup: { scenario: stills[2] }, frame: { dir: 'rtl', lang: 'ar' }, expect: {} },
  Narrow: { setup: { scenario: stills[1] }, frame: { width: '240px' }, expect: {} },
  Compact: { setup: { scenario: stills[1] }, settings: { layout: 'compact' }, expect: {} },
  CompactNarrowFailed: {
    setup: { scenario: failure, speed: 40 },
    settings: { layout: 'compact' },
    frame: { width: '240px' },
    expect: { status: 'failed' },
  },
  LongLabels: {
    setup: { scenario: longLabels },
    expect: running,
    doc: 'Labels, a title and a progress message longer than the box: they wrap, nothing leaves the element.',
  },
  LongLabelsNarrow: { setup: { scenario: longLabels }, frame: { width: '240px' }, expect: running },
  ManySteps: { setup: { scenario: manySteps }, expect: running, doc: 'Twelve steps into a 30-step checklist.' },
  NotFound: {
    setup: { scenario: happyPath },
    runId: MISSING_RUN,
    expect: { text: 'Not Found' },
    doc: 'The backend has no such run (404): the element says so and fires `run-error`.',
  },
} satisfies Record<string, StoryState<ProgressSettings>>;

const lines: StoryExpectations = { lines: true };
const noLines: StoryExpectations = { lines: false };
const LOG_HEIGHT = '360px';
const logFrame = (frame: StoryFrame = {}): StoryFrame => ({ height: LOG_HEIGHT, ...frame });

/** `<run-log-tail>` in every state (all in a box of fixed height). */
export const logTailStates = {
  Running: {
    setup: { scenario: happyPath },
    frame: logFrame(),
    expect: lines,
    doc: "The nightly import's log in real time (about 25 s).",
  },
  Queued: { setup: { scenario: queued }, frame: logFrame(), expect: noLines },
  PhaseExtract: { setup: { scenario: stills[0] }, frame: logFrame(), expect: lines },
  PhaseTransform: { setup: { scenario: stills[1] }, frame: logFrame(), expect: lines },
  PhaseLoad: { setup: { scenario: stills[2] }, frame: logFrame(), expect: lines },
  PhaseReport: { setup: { scenario: stills[3] }, frame: logFrame(), expect: lines },
  Succeeded: { setup: { scenario: happyPath, speed: 40 }, frame: logFrame(), expect: lines },
  Failed: { setup: { scenario: failure, speed: 40 }, frame: logFrame(), expect: lines },
  Cancelled: { setup: { scenario: cancel, speed: 40 }, frame: logFrame(), expect: lines },
  Stalled: { setup: { scenario: stall }, frame: logFrame(), expect: lines },
  Reconnecting: { setup: { scenario: outage, network: { downAfterMs: 1_000 } }, frame: logFrame(), expect: noLines },
  Offline: { setup: { scenario: happyPath }, frame: logFrame({ environment: offlineEnvironment }), expect: noLines },
  PollingFallback: { setup: { scenario: pollingOnly }, frame: logFrame(), expect: lines },
  NetworkFlaps: { setup: { scenario: networkFlaps }, frame: logFrame(), expect: lines },
  Unauthorized: { setup: { scenario: unauthorizedThenRecovery }, frame: logFrame(revoked), expect: noLines },
  Chatty: { setup: { scenario: chatty }, frame: logFrame(), expect: lines, doc: '100 lines a second.' },
  HugeLog: { setup: { scenario: hugeLog }, frame: logFrame(), expect: lines, doc: '100 000 lines in five seconds.' },
  Ansi: { setup: { scenario: ansi, speed: 4 }, frame: logFrame(), expect: lines },
  Dark: {
    setup: { scenario: ansi, speed: 4 },
    settings: { theme: 'dark' },
    frame: logFrame({ dark: true }),
    expect: lines,
  },
  RightToLeft: { setup: { scenario: stills[2] }, frame: logFrame({ dir: 'rtl', lang: 'ar' }), expect: lines },
  Narrow: { setup: { scenario: stills[1] }, frame: logFrame({ width: '240px' }), expect: lines },
  Compact: {
    setup: { scenario: stills[1] },
    settings: { lineNumbers: false, grouping: false, wrap: true },
    frame: { height: '160px' },
    expect: lines,
  },
  Timestamps: {
    setup: { scenario: stills[1] },
    settings: { timestamps: 'absolute' },
    frame: logFrame(),
    expect: lines,
  },
  RelativeTimestamps: {
    setup: { scenario: stills[1] },
    settings: { timestamps: 'relative' },
    frame: logFrame(),
    expect: lines,
  },
  Search: {
    setup: { scenario: stills[1] },
    settings: { searchText: 'rows' },
    frame: logFrame(),
    expect: lines,
    act: (el) => shadowMatch(el, '[part~="match"]').then(() => undefined),
    doc: 'A search for "rows": every match highlighted, the current one stronger, "n of m" in the toolbar.',
  },
  Filter: {
    setup: { scenario: stills[1] },
    settings: { filterText: 'partition' },
    frame: logFrame(),
    expect: lines,
    doc: 'Only lines containing "partition" are shown.',
  },
  CollapsedGroup: {
    setup: { scenario: stills[1] },
    frame: logFrame(),
    expect: lines,
    act: async (el) => {
      const tail = el as HTMLElement & {
        phaseGroups: ReadonlyArray<{ key: number }>;
        toggleGroup(key: number, open?: boolean): void;
      };
      const first = tail.phaseGroups[0];
      if (first) tail.toggleGroup(first.key, false);
      await shadowMatch(el, '[part~="group-toggle"][aria-expanded="false"]');
    },
    doc: 'The first phase collapsed to its header, with its line count.',
  },
  CollapseFinished: {
    setup: { scenario: failure, speed: 40 },
    settings: { collapseFinished: true },
    frame: logFrame(),
    expect: lines,
    act: (el) => shadowMatch(el, '[part~="failed-group"] [aria-expanded="true"]').then(() => undefined),
    doc: '`collapse-finished`: each phase folds as the next starts; at the end only the failed phase is open.',
  },
  LinkedLine: {
    setup: { scenario: stills[1] },
    frame: logFrame(),
    expect: lines,
    act: async (el) => {
      (el as HTMLElement & { scrollToSeq(seq: number): boolean }).scrollToSeq(4);
      await shadowMatch(el, '[part~="linked-line"]');
    },
    doc: 'A line someone linked to (`#<run id>:L…` with `hash-links`, or `scrollToSeq`): marked and placed in view.',
  },
  LongLines: {
    setup: { scenario: longLabels },
    frame: logFrame({ width: '320px' }),
    expect: lines,
    doc: 'A line with no break opportunity in a narrow box: it scrolls sideways inside the log.',
  },
  NotFound: {
    setup: { scenario: happyPath },
    runId: MISSING_RUN,
    frame: logFrame(),
    expect: { text: 'Not Found' },
    doc: 'The backend has no such run (404): the log says so and fires `run-error`.',
  },
} satisfies Record<string, StoryState<LogTailSettings>>;

/** The attributes a tag story sets for `settings` (so Storybook's controls show them). */
export function attributesOf(settings: ProgressSettings & LogTailSettings = {}): Record<string, unknown> {
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  const attributes: Record<string, unknown> = {};
  if (settings.theme !== undefined) attributes.theme = settings.theme;
  if (settings.layout !== undefined) attributes.layout = settings.layout;
  if (settings.stallAfter !== undefined) attributes['stall-after'] = settings.stallAfter;
  if (settings.lineNumbers !== undefined) attributes['line-numbers'] = onOff(settings.lineNumbers);
  if (settings.grouping !== undefined) attributes.grouping = onOff(settings.grouping);
  if (settings.wrap !== undefined) attributes.wrap = settings.wrap;
  if (settings.timestamps !== undefined) attributes.timestamps = settings.timestamps;
  if (settings.searchText !== undefined) attributes['search-text'] = settings.searchText;
  if (settings.filterText !== undefined) attributes['filter-text'] = settings.filterText;
  if (settings.collapseFinished !== undefined) attributes['collapse-finished'] = settings.collapseFinished;
  return attributes;
}

/** The docs-page description of a state, as story parameters. */
export function docOf(state: { doc?: string }): { docs?: { description: { story: string } } } {
  return state.doc ? { docs: { description: { story: state.doc } } } : {};
}

/** A tag story of `tag` in `state`: its run from the mocks, framed and checked as the state expects. */
export function tagStory<Settings extends ProgressSettings | LogTailSettings>(
  tag: string,
  state: StoryState<Settings>,
): StoryObj {
  return {
    args: { 'run-id': state.runId ?? state.setup.scenario.id, ...attributesOf(state.settings) },
    parameters: docOf(state),
    beforeEach: withMock(state.setup),
    render: renderElement(tag, state.frame),
    play: ({ canvasElement }) => playState(canvasElement, tag, state),
  };
}

/** A story's `play`: waits for what the state shows, then does what a user does in it. */
export async function playState(canvas: Element, tag: string, state: StoryState<unknown>): Promise<void> {
  await expectRendered(canvas, state.expect);
  const element = canvas.querySelector<HTMLElement>(tag);
  if (state.act && element) await state.act(element);
}
