/**
 * The demo page: a live table of runs (polled every second) and the selected run's
 * details. All drawing goes through a {@link RunViews}; which one is chosen below.
 * @module
 */
import type { RunSnapshot } from '../src/contract/index.js';
import { API_BASE, fetchRuns } from './run-api.js';
import type { RunDetailView, RunRowView, RunViews } from './run-views.js';

// ─── Which views draw the runs: the one line to change ───────────────────────────────
// The kit's elements (<run-progress> in every row, <run-progress> + <run-log-tail> for the
// selected run) by default; `?plain` gives the plain-DOM table the demo had before the
// elements existed, a reference for checking what the elements show. Each is imported on
// demand, so a broken element never takes the plain page down with it.
const views: RunViews = new URLSearchParams(location.search).has('plain')
  ? (await import('./plain-views.js')).plainViews
  : (await import('./element-views.js')).elementViews;

const LIST_POLL_MS = 1000;

const table = document.querySelector<HTMLTableElement>('#runs')!;
const body = table.tBodies[0]!;
const pollStatus = document.querySelector<HTMLElement>('#poll-status')!;
const detailPanel = document.querySelector<HTMLElement>('#detail')!;

interface Row {
  tr: HTMLTableRowElement;
  view: RunRowView;
}
const rows = new Map<string, Row>();
let selected: { runId: string; view: RunDetailView } | undefined;

function renderHeadings(): void {
  const tr = table.tHead!.rows[0]!;
  tr.replaceChildren(
    ...['Run', ...views.headings].map((text) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      return th;
    }),
  );
}

function rowFor(run: RunSnapshot): Row {
  let row = rows.get(run.id);
  if (row) return row;
  const tr = document.createElement('tr');
  tr.dataset.runId = run.id;
  const idCell = document.createElement('td');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = run.id;
  button.addEventListener('click', () => select(run.id));
  idCell.append(button);
  const view = views.row(run, API_BASE);
  tr.append(idCell, ...view.cells);
  row = { tr, view };
  rows.set(run.id, row);
  return row;
}

function render(runs: readonly RunSnapshot[]): void {
  const seen = new Set<string>();
  runs.forEach((run, index) => {
    seen.add(run.id);
    const row = rowFor(run);
    row.view.update(run);
    row.tr.setAttribute('aria-selected', String(run.id === selected?.runId));
    // Moves only rows out of place, so focus and element state survive a refresh.
    if (body.rows[index] !== row.tr) body.insertBefore(row.tr, body.rows[index] ?? null);
  });
  for (const [id, row] of rows) {
    if (seen.has(id)) continue;
    row.tr.remove();
    row.view.close?.();
    rows.delete(id);
  }
}

function select(runId: string, { remember = true } = {}): void {
  if (selected?.runId === runId) return;
  selected?.view.close();
  const view = views.detail(runId, API_BASE);
  selected = { runId, view };
  detailPanel.replaceChildren(view.element);
  for (const [id, row] of rows) row.tr.setAttribute('aria-selected', String(id === runId));
  if (remember) history.replaceState(null, '', `#run=${encodeURIComponent(runId)}`);
}

async function pollRuns(): Promise<void> {
  try {
    const list = await fetchRuns();
    render(list.runs);
    // A first visit shows a live log at once: the newest running run, until the reader picks one.
    if (!selected) {
      const live = list.runs.find((run) => run.status === 'running');
      if (live) select(live.id, { remember: false });
    }
    const active = list.runs.filter((r) => r.status === 'running').length;
    const queued = list.runs.filter((r) => r.status === 'queued').length;
    pollStatus.className = '';
    pollStatus.textContent = `${list.runs.length} runs shown, ${active} running, ${queued} queued · refreshed ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    pollStatus.className = 'poll-error';
    pollStatus.textContent = `Could not load runs: ${error instanceof Error ? error.message : String(error)} (retrying)`;
  }
  setTimeout(() => void pollRuns(), LIST_POLL_MS);
}

renderHeadings();
const fromHash = /^#run=(.+)$/.exec(location.hash)?.[1];
if (fromHash) select(decodeURIComponent(fromHash));
void pollRuns();
