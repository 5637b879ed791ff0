/** The states `scripts/screenshots.ts` photographs: one frozen feed state each. */
import type { RunSnapshot } from '../src/contract/index.js';
import type { RunFeedState } from '../src/feed/types.js';

/** One picture. */
export interface Scene {
  name: string;
  width: number;
  now: number;
  dir?: 'ltr' | 'rtl';
  attrs?: Record<string, string>;
  /** Media features to emulate (Windows High Contrast, the system's dark mode). */
  media?: { forcedColors?: 'active' | 'none'; colorScheme?: 'light' | 'dark' };
  state: Omit<RunFeedState, 'logs' | 'malformed'>;
}

const T0 = Date.UTC(2026, 10, 25, 5, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const labels = JSON.stringify({
  fetch_data: 'Fetching applications',
  underwriting: 'Running underwriting checks',
  export_reports: 'Exporting reports',
});

const base: RunSnapshot = {
  id: 'run-2026-11-25-0042',
  status: 'running',
  seq: 120,
  createdAt: at(-400),
  updatedAt: at(-1),
  startedAt: at(-372),
  logLines: 300,
  steps: [
    { key: 'fetch_data', state: 'done', startedAt: at(-372), endedAt: at(-300) },
    { key: 'validate', state: 'done', startedAt: at(-300), endedAt: at(-240) },
    { key: 'underwriting', state: 'running', startedAt: at(-240) },
    { key: 'notify_brokers', state: 'waiting' },
    { key: 'export_reports', state: 'waiting' },
  ],
  phase: 'underwriting',
  percent: 42,
  message: 'Scoring 120 000 rows',
};
const live = { status: 'live', transport: 'websocket', attempt: 0 } as const;
const ok = (run: RunSnapshot, extra: Partial<Scene['state']> = {}): Scene['state'] => ({
  runId: run.id,
  run,
  connection: live,
  lastEventAt: T0 - 1_000,
  ...extra,
});
const failedRun: RunSnapshot = {
  ...base,
  status: 'failed',
  endedAt: at(0),
  error: { message: 'Model service timed out after 300 s (HTTP 504)', phase: 'underwriting' },
  steps: base.steps.map((s) => (s.state === 'running' ? { ...s, state: 'failed', endedAt: at(0) } : s)),
};

/** Every state worth looking at. */
export const scenes: Scene[] = [
  {
    name: 'queued',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok({
      ...base,
      status: 'queued',
      startedAt: undefined,
      phase: undefined,
      percent: undefined,
      message: undefined,
      steps: base.steps.map((s) => ({ key: s.key, state: 'waiting' })),
    }),
  },
  { name: 'running', width: 420, now: T0, attrs: { labels }, state: ok(base) },
  { name: 'running-indeterminate', width: 420, now: T0, attrs: { labels }, state: ok({ ...base, percent: undefined }) },
  {
    name: 'running-eta-history',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok({
      ...base,
      estimate: {
        basedOn: 14,
        stepsMs: {
          fetch_data: 70_000,
          validate: 60_000,
          underwriting: 300_000,
          notify_brokers: 20_000,
          export_reports: 90_000,
        },
      },
    }),
  },
  {
    name: 'longer-than-usual',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok({
      ...base,
      percent: 99,
      estimate: { basedOn: 14, stepsMs: { underwriting: 60_000, notify_brokers: 20_000, export_reports: 90_000 } },
    }),
  },
  {
    name: 'step-states',
    width: 420,
    now: T0,
    state: ok({
      ...base,
      steps: [
        { key: 'fetch_data', state: 'done', startedAt: at(-372), endedAt: at(-300) },
        { key: 'dedupe', state: 'skipped' },
        { key: 'optional_enrichment', state: 'failed', startedAt: at(-300), endedAt: at(-280) },
        { key: 'underwriting', state: 'running', startedAt: at(-280) },
        { key: 'export_reports', state: 'waiting' },
      ],
    }),
  },
  { name: 'stalled', width: 420, now: T0, attrs: { labels }, state: ok(base, { lastEventAt: T0 - 185_000 }) },
  {
    name: 'succeeded',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok(
      {
        ...base,
        status: 'succeeded',
        percent: 100,
        endedAt: at(0),
        message: 'All reports written',
        steps: base.steps.map((s) => ({
          ...s,
          state: 'done',
          startedAt: s.startedAt ?? at(-100),
          endedAt: s.endedAt ?? at(-10),
        })),
      },
      { connection: { status: 'stopped', attempt: 0 } },
    ),
  },
  {
    name: 'failed',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok(failedRun, { connection: { status: 'stopped', attempt: 0 } }),
  },
  {
    name: 'cancelled',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok(
      {
        ...base,
        status: 'cancelled',
        endedAt: at(0),
        steps: base.steps.map((s) => (s.state === 'running' || s.state === 'waiting' ? { ...s, state: 'skipped' } : s)),
      },
      { connection: { status: 'stopped', attempt: 0 } },
    ),
  },
  {
    name: 'reconnecting',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok(base, { connection: { status: 'reconnecting', attempt: 3, nextRetryAt: T0 + 7_400 } }),
  },
  {
    name: 'offline',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok(base, { connection: { status: 'offline', attempt: 1 } }),
  },
  {
    name: 'polling',
    width: 420,
    now: T0,
    attrs: { labels },
    state: ok(base, { connection: { status: 'live', transport: 'polling', attempt: 0 } }),
  },
  {
    name: 'unauthorized',
    width: 420,
    now: T0,
    state: {
      runId: base.id,
      connection: { status: 'unauthorized', attempt: 1 },
      problem: { type: 'urn:problem:unauthorized', title: 'Unauthorized', status: 401 },
    },
  },
  {
    name: 'not-found',
    width: 420,
    now: T0,
    state: {
      runId: 'run-404',
      connection: { status: 'stopped', attempt: 0 },
      problem: { type: 'urn:problem:not-found', title: 'Run not found', status: 404 },
    },
  },
  {
    name: 'compact',
    width: 420,
    now: T0,
    attrs: { labels, layout: 'compact' },
    state: ok({ ...base, etaMs: 200_000, etaAt: at(-10) }),
  },
  { name: 'compact-failed', width: 420, now: T0, attrs: { labels, layout: 'compact' }, state: ok(failedRun) },
  { name: 'compact-240', width: 240, now: T0, attrs: { labels, layout: 'compact' }, state: ok(base) },
  { name: 'narrow-240', width: 240, now: T0, attrs: { labels }, state: ok(failedRun) },
  {
    name: 'dark',
    width: 420,
    now: T0,
    attrs: { labels, theme: 'dark' },
    state: ok(base, { lastEventAt: T0 - 75_000 }),
  },
  { name: 'dark-failed', width: 420, now: T0, attrs: { labels, theme: 'dark' }, state: ok(failedRun) },
  { name: 'system-dark', width: 420, now: T0, media: { colorScheme: 'dark' }, attrs: { labels }, state: ok(failedRun) },
  {
    name: 'forced-colors',
    width: 420,
    now: T0,
    media: { forcedColors: 'active' },
    attrs: { labels },
    state: ok(base, { lastEventAt: T0 - 75_000 }),
  },
  {
    name: 'rtl',
    width: 420,
    now: T0,
    dir: 'rtl',
    attrs: { lang: 'ar', labels: JSON.stringify({ underwriting: 'فحوصات الاكتتاب', fetch_data: 'جلب البيانات' }) },
    state: ok(base),
  },
  {
    name: 'xss',
    width: 420,
    now: T0,
    state: ok({
      ...failedRun,
      phaseLabel: '<img src=x onerror=alert(1)>',
      message: '<b>bold?</b>',
      error: { message: '<script>alert(1)</script>', phase: 'underwriting' },
    }),
  },
];
