/**
 * Runs drawn with the kit's own elements: `<run-progress>` (compact) in each row, and a
 * full `<run-progress>` plus `<run-log-tail>` for the selected run. Selected in
 * `main.ts` with one import line.
 * @module
 */
import type { RunSnapshot } from '../src/contract/index.js';
import '../src/components/run-log-tail/run-log-tail.js';
import '../src/components/run-progress/run-progress.js';
import { createRunClient, watchRun, type RunClient } from '../src/feed/index.js';
import type { RunDetailView, RunRowView, RunViews } from './run-views.js';

// The table follows every listed run but shows no logs: its own client keeps one line
// per run and loads no tail, so fifty rows do not fetch fifty log tails. It still shares
// one connection between all rows.
let tableClient: RunClient | undefined;
const tableClientFor = (apiBase: string): RunClient =>
  (tableClient ??= createRunClient({ baseUrl: apiBase, logCapacity: 1, tailLines: 0 }));

/** The table and detail panel drawn by the kit's elements. */
export const elementViews: RunViews = {
  headings: ['Title', 'Progress', 'Last update'],
  row(run: RunSnapshot, apiBase: string): RunRowView {
    const title = document.createElement('td');
    const progressCell = document.createElement('td');
    const updated = document.createElement('td');
    const feed = tableClientFor(apiBase).watch(run.id);
    const progress = document.createElement('run-progress');
    progress.layout = 'compact';
    progress.feed = feed;
    progressCell.append(progress);
    return {
      cells: [title, progressCell, updated],
      update(latest) {
        title.textContent = latest.title ?? '';
        updated.textContent = new Date(latest.updatedAt).toLocaleTimeString();
      },
      close: () => feed.close(),
    };
  },
  detail(runId: string, apiBase: string): RunDetailView {
    const element = document.createElement('div');
    const feed = watchRun({ baseUrl: apiBase, runId });
    const progress = document.createElement('run-progress');
    progress.feed = feed;
    const tail = document.createElement('run-log-tail');
    tail.feed = feed;
    tail.timestamps = 'absolute';
    tail.style.height = '28rem';
    tail.style.display = 'block';
    element.append(progress, tail);
    return { element, close: () => feed.close() };
  },
};
