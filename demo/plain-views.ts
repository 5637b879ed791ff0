/**
 * Runs drawn with plain DOM and `textContent` only: the demo's stand-in until
 * `<run-progress>` and `<run-log-tail>` exist. Run data (titles, log lines, error
 * messages) is never parsed as HTML, so a line like `<img src=x onerror=…>` shows as text.
 * @module
 */
import { isTerminalStatus, type LogEvent, type RunSnapshot } from '../src/contract/index.js';
import { fetchLogTail, fetchRun } from './run-api.js';
import type { RunDetailView, RunRowView, RunViews } from './run-views.js';

const DETAIL_POLL_MS = 1000;
const TAIL_LINES = 40;

// Built from the character code: a literal ESC in a regex trips the linter's
// no-control-regex, and the intent is clearer spelled out.
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The table and detail panel in plain DOM. */
export const plainViews: RunViews = {
  headings: ['Title', 'Status', 'Phase', 'Percent', 'Last update'],
  row: plainRow,
  detail: plainDetail,
};

function plainRow(): RunRowView {
  const [title, status, phase, percent, updated] = Array.from({ length: 5 }, () => document.createElement('td'));
  const bar = document.createElement('progress');
  bar.max = 100;
  const percentText = document.createElement('span');
  percent!.append(bar, ' ', percentText);
  return {
    cells: [title!, status!, phase!, percent!, updated!],
    update(run) {
      title!.textContent = run.title ?? '';
      status!.textContent = run.status;
      status!.className = `status-${run.status}`;
      phase!.textContent = run.phaseLabel ?? run.phase ?? '';
      phase!.title = run.phase ?? '';
      // Without a percent the bar is indeterminate while the run works; a queued run has not begun.
      if (run.percent === undefined && run.status === 'running') bar.removeAttribute('value');
      else bar.value = run.percent ?? 0;
      percentText.textContent = run.percent === undefined ? '' : `${run.percent.toFixed(1)} %`;
      updated!.textContent = ago(run.updatedAt);
      updated!.title = run.updatedAt;
    },
  };
}

function plainDetail(runId: string): RunDetailView {
  const element = document.createElement('div');
  const summary = document.createElement('dl');
  const steps = document.createElement('ol');
  const logHeading = document.createElement('h3');
  logHeading.textContent = `Last ${TAIL_LINES} log lines`;
  const log = document.createElement('pre');
  log.className = 'log';
  const problem = document.createElement('p');
  problem.className = 'poll-error';
  element.append(summary, steps, logHeading, log, problem);

  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async (): Promise<void> => {
    let run: RunSnapshot | undefined;
    try {
      const [snapshot, tail] = await Promise.all([
        fetchRun(runId, abort.signal),
        fetchLogTail(runId, TAIL_LINES, abort.signal),
      ]);
      run = snapshot;
      renderSummary(summary, snapshot);
      renderSteps(steps, snapshot);
      renderLog(log, tail.lines);
      problem.textContent = '';
    } catch (error) {
      if (abort.signal.aborted) return;
      problem.textContent = error instanceof Error ? error.message : String(error);
    }
    // A finished run changes no more: one last render, then stop polling.
    if (!abort.signal.aborted && !(run && isTerminalStatus(run.status)))
      timer = setTimeout(() => void poll(), DETAIL_POLL_MS);
  };
  void poll();
  return {
    element,
    close() {
      abort.abort();
      clearTimeout(timer);
    },
  };
}

function renderSummary(list: HTMLDListElement, run: RunSnapshot): void {
  const rows: Array<[string, string | undefined]> = [
    ['Run', run.id],
    ['Title', run.title],
    ['Kind', run.kind],
    ['Status', run.status],
    ['Phase', run.phase === undefined ? undefined : `${run.phaseLabel ?? run.phase} (${run.phase})`],
    ['Message', run.message],
    ['Percent', run.percent === undefined ? 'unknown' : `${run.percent.toFixed(1)} %`],
    ['ETA', run.etaMs === undefined ? undefined : `${Math.round(run.etaMs / 1000)} s as of ${clock(run.etaAt)}`],
    ['Started', clock(run.startedAt)],
    ['Ended', clock(run.endedAt)],
    [
      'Error',
      run.error && `${run.error.message}${run.error.code ? ` [${run.error.code}]` : ''} in ${run.error.phase ?? '?'}`,
    ],
    ['Log lines', String(run.logLines)],
    [
      'Typical run',
      run.estimate?.totalMs === undefined
        ? undefined
        : `${Math.round(run.estimate.totalMs / 1000)} s (from ${run.estimate.basedOn} runs)`,
    ],
  ];
  list.replaceChildren(
    ...rows.flatMap(([term, value]) => {
      if (value === undefined) return [];
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }),
  );
}

function renderSteps(list: HTMLOListElement, run: RunSnapshot): void {
  list.replaceChildren(
    ...run.steps.map((step) => {
      const item = document.createElement('li');
      item.textContent = `${step.label ?? step.key}: ${step.state}`;
      return item;
    }),
  );
}

function renderLog(pre: HTMLPreElement, lines: readonly LogEvent[]): void {
  const follow = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  pre.replaceChildren(
    ...lines.map((line) => {
      const span = document.createElement('span');
      span.className = `level-${line.level ?? 'info'}`;
      span.textContent = `${clock(line.time)} ${(line.level ?? 'info').padEnd(5)} ${plainText(line.text)}\n`;
      return span;
    }),
  );
  if (follow) pre.scrollTop = pre.scrollHeight;
}

/**
 * What a terminal would leave on screen, minus colours: the text after the last `\r`
 * (a redrawn progress bar), without SGR sequences. `<run-log-tail>` renders colours.
 */
function plainText(text: string): string {
  const trimmed = text.replace(/\r+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('\r') + 1).replace(SGR, '');
}

function clock(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : new Date(iso).toLocaleTimeString();
}

function ago(iso: string): string {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s ago`;
  return new Date(iso).toLocaleString();
}
