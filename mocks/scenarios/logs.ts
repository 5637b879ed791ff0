/**
 * Scenarios about the log: chatty, ANSI-heavy, and 100 000 lines.
 * @module
 */
import type { MockScenario, TimelineEntry } from '../script.js';
import { stepsOf, walkPhases, type PhaseScript } from './build.js';

const ESC = '\u001b';
const sgr = (codes: string, text: string) => `${ESC}[${codes}m${text}${ESC}[0m`;

const testPhases = (lines: PhaseScript['lines'], ms: number): PhaseScript[] => [
  { key: 'install', label: 'Install dependencies', ms: ms / 4, lines: lines.slice(0, Math.ceil(lines.length / 4)) },
  { key: 'test', label: 'Run tests', ms: (ms * 3) / 4, lines: lines.slice(Math.ceil(lines.length / 4)) },
];

const chattyLines = Array.from({ length: 2_000 }, (_, i) => {
  const level = i % 97 === 0 ? 'warn' : i % 13 === 0 ? 'debug' : 'info';
  return { text: `[worker ${(i % 8) + 1}] processed item ${i + 1} in ${(i * 37) % 400} ms`, level } as const;
});

/** 2 000 lines in 20 scripted seconds (100 lines per second), then succeeds. */
export const chatty: MockScenario = {
  id: 'chatty',
  description: '100 log lines a second for 20 seconds, mixed levels, then succeeds.',
  kind: 'ci',
  title: 'CI: full test matrix',
  steps: stepsOf(testPhases(chattyLines, 20_000)),
  timeline: walkPhases(testPhases(chattyLines, 20_000), { end: { status: 'succeeded' }, ticks: 10 }),
};

const ansiLines = [
  sgr('1', 'Test suites'),
  `${sgr('32', '✓')} parser › reads nested quotes ${sgr('2', '(3 ms)')}`,
  `${sgr('32', '✓')} parser › keeps unicode ${sgr('2', '(1 ms)')} ${sgr('35', 'ünïcödé ✓ 日本語 🚀')}`,
  `${sgr('31', '✗')} ${sgr('1;31', 'scheduler › retries after 503')}`,
  `  ${sgr('33', 'Expected')}: ${sgr('32', '3')}  ${sgr('33', 'Received')}: ${sgr('31', '1')}`,
  `${sgr('38;5;208', '256-colour orange')} ${sgr('38;2;80;160;255', 'truecolour blue')} ${sgr('48;5;22;97', ' on green ')}`,
  `${sgr('4', 'underlined')} ${sgr('3', 'italic')} ${sgr('9', 'struck')} ${sgr('7', 'inverse')}`,
  `${ESC}[1m${ESC}[34mbold blue never reset`,
  `Progress ${sgr('42', '          ')}${sgr('100', '          ')} 50%`,
  `${sgr('2', '  at Scheduler.retry (src/scheduler.ts:88:13)')}`,
  `${sgr('90', '[debug]')} cache key ${sgr('36', 'sha256:9f86d081884c7d65')}`,
  `Tests: ${sgr('1;31', '1 failed')}, ${sgr('1;32', '41 passed')}, 42 total`,
].map((text, i) => ({ text, stream: i === 3 || i === 4 ? ('stderr' as const) : ('stdout' as const) }));

/** Colours, styles, 256-colour and truecolour SGR, unicode; fails at the end. */
export const ansi: MockScenario = {
  id: 'ansi',
  description: 'Test output full of ANSI colours and styles (16, 256, truecolour), then fails.',
  kind: 'ci',
  title: 'CI: unit tests',
  steps: stepsOf(testPhases([...ansiLines, ...ansiLines, ...ansiLines], 6_000)),
  timeline: walkPhases(testPhases([...ansiLines, ...ansiLines, ...ansiLines], 6_000), {
    end: { status: 'failed', message: '1 test failed', code: 'TESTS_FAILED' },
  }),
};

/** Lines of the huge log. */
export const HUGE_LOG_LINES = 100_000;

function hugeTimeline(): TimelineEntry[] {
  const out: TimelineEntry[] = [
    { at: 0, event: { type: 'status', status: 'running' } },
    { at: 0, event: { type: 'progress', phase: 'replay', label: 'Replaying the event store', percent: 0 } },
  ];
  // After a second's quiet (a viewer has connected by then), 100 000 lines in bursts of
  // 1 000 every 50 scripted ms: 5 seconds of firehose.
  for (let i = 0; i < HUGE_LOG_LINES; i += 1) {
    const at = 1_000 + Math.floor(i / 1_000) * 50;
    const text = `${String(i + 1).padStart(6, '0')} replayed event ${(i * 7919) % 1_000_003} for tenant t-${i % 37}`;
    out.push({ at, event: { type: 'log', text, ...(i % 1_000 === 999 ? { level: 'warn' as const } : {}) } });
    if (i % 10_000 === 9_999) {
      out.push({ at, event: { type: 'progress', phase: 'replay', percent: ((i + 1) / HUGE_LOG_LINES) * 100 } });
    }
  }
  out.push({ at: 6_050, event: { type: 'status', status: 'succeeded' } });
  return out;
}

/** 100 000 log lines in 5 scripted seconds, then succeeds. */
export const hugeLog: MockScenario = {
  id: 'huge-log',
  description: 'After a quiet second, 100 000 log lines in five seconds (bursts of 1 000), then succeeds.',
  kind: 'replay',
  title: 'Replay event store',
  timeline: hugeTimeline(),
};
