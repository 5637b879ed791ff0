import type { LogLevel, RunStatus } from '../../../contract/index.js';

/**
 * Every word `<run-log-tail>` shows or announces. Pass some or all through the `strings`
 * property to translate or reword; numbers arrive already formatted for the locale.
 */
export interface RunLogTailStrings {
  /** Accessible name of the log region, with the run's name (its title, else its id; undefined with no run). */
  logLabel: (run: string | undefined) => string;
  /** What the live region says, with the run's name, so a page with several runs says which one. */
  announceFor: (run: string, text: string) => string;
  toolbarLabel: string;
  /** The button that shows the toolbar's other controls in a narrow element. */
  moreControls: string;
  searchLabel: string;
  searchPlaceholder: string;
  previousMatch: string;
  nextMatch: string;
  /** "3 of 120" (current is `undefined` before the reader steps to one). */
  matchCount: (current: string | undefined, total: string) => string;
  searching: string;
  noMatches: string;
  filterLabel: string;
  filterPlaceholder: string;
  levelsLabel: string;
  levelNames: Record<LogLevel, string>;
  /** Short level badges shown on lines (text, so levels do not rely on colour). */
  levelBadges: Record<LogLevel, string>;
  wrap: string;
  /** The toolbar toggle that shows each line's time (clock time; `timestamps` picks relative). */
  showTimes: string;
  /** The toolbar toggle that shows the log full screen, and leaves it. */
  fullScreen: string;
  copy: string;
  copied: string;
  /** The copy button after the clipboard refused the text. */
  copyFailed: string;
  /** Said politely when a copy failed (the button's word alone may not be read out). */
  copyFailedAnnounce: string;
  download: string;
  /** "12 new lines — jump to end". */
  newLines: (count: string) => string;
  jumpToEnd: string;
  /** "Earlier lines not shown (kept 100,000)". */
  earlierNotShown: (kept: string) => string;
  /** A linked line left the window. */
  lineNotRetained: (seq: string) => string;
  /** A linked line has not arrived yet. */
  lineNotYet: (seq: string) => string;
  /** Accessible name of a line-number link (`line` is its number in the run, formatted). */
  lineNumber: (line: string) => string;
  noRun: string;
  loading: string;
  empty: string;
  reconnecting: string;
  offline: string;
  unauthorized: string;
  live: string;
  ended: (status: RunStatus) => string;
  /** Lines shown vs retained while filtering. */
  filtered: (shown: string, total: string) => string;
  groupLines: (count: string) => string;
  /** Label of the group of lines sent without a phase. */
  noPhase: string;
  /** Note after a line cut for display. */
  truncated: (hidden: string) => string;
  /** After a line with more colour changes than are drawn: the rest of it is shown without colours. */
  stylesCut: (spans: string) => string;
}

/** English defaults. */
export const defaultStrings: RunLogTailStrings = {
  logLabel: (run) => (run === undefined ? 'Run log' : `Log of ${run}`),
  announceFor: (run, text) => `Run ${run}: ${text}`,
  toolbarLabel: 'Log tools',
  moreControls: 'More log tools',
  searchLabel: 'Search the log',
  searchPlaceholder: 'Search',
  previousMatch: 'Previous match',
  nextMatch: 'Next match',
  matchCount: (current, total) => (current === undefined ? `${total} matching lines` : `${current} of ${total}`),
  searching: 'Searching…',
  noMatches: 'No matches',
  filterLabel: 'Show only lines containing',
  filterPlaceholder: 'Filter',
  levelsLabel: 'Levels shown',
  levelNames: { debug: 'Debug', info: 'Info', warn: 'Warnings', error: 'Errors' },
  levelBadges: { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' },
  wrap: 'Wrap lines',
  showTimes: 'Times',
  fullScreen: 'Full screen',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Copy failed',
  copyFailedAnnounce:
    'Copy failed: the browser did not allow access to the clipboard. Select the lines and copy them, or download the log.',
  download: 'Download',
  newLines: (count) => `${count} new ${count === '1' ? 'line' : 'lines'} — jump to end`,
  jumpToEnd: 'Jump to end',
  earlierNotShown: (kept) => `Earlier lines not shown (kept the last ${kept})`,
  lineNotRetained: (seq) => `Line ${seq} is no longer retained`,
  lineNotYet: (seq) => `Waiting for line ${seq}…`,
  lineNumber: (line) => `Link to line ${line}`,
  noRun: 'No run selected',
  loading: 'Loading log…',
  empty: 'No log lines yet',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — waiting for the network',
  unauthorized: 'Not authorised to read this run',
  live: 'Live',
  ended: (status) =>
    status === 'succeeded'
      ? 'Run succeeded — end of log'
      : status === 'failed'
        ? 'Run failed — end of log'
        : 'Run cancelled — end of log',
  filtered: (shown, total) => `Showing ${shown} of ${total} lines`,
  groupLines: (count) => `${count} ${count === '1' ? 'line' : 'lines'}`,
  noPhase: 'Output',
  truncated: (hidden) => ` … ${hidden} more characters (copy or download for the whole line)`,
  stylesCut: (spans) => ` (colours shown for the first ${spans} styled parts only)`,
};

/** Partial strings from the page, merged over the defaults. */
export type RunLogTailStringsInput = Partial<RunLogTailStrings>;

/** The defaults with the page's strings on top. */
export function mergeStrings(input: RunLogTailStringsInput | undefined): RunLogTailStrings {
  return input ? { ...defaultStrings, ...input } : defaultStrings;
}
