/**
 * What the demo page needs from whatever draws a run: a table row's cells and a detail
 * panel. Two implementations: plain DOM (`plain-views.ts`, works today) and the kit's
 * elements (swapped in with one line in `main.ts`).
 * @module
 */
import type { RunSnapshot } from '../src/contract/index.js';

/** The cells of one run's row after its id cell. */
export interface RunRowView {
  readonly cells: readonly HTMLTableCellElement[];
  /** Called on every poll of the run list with the run's latest snapshot. */
  update(run: RunSnapshot): void;
  /** The row left the table: release what it follows. */
  close?(): void;
}

/** The detail panel of the selected run. */
export interface RunDetailView {
  readonly element: HTMLElement;
  /** Stops whatever the view polls or streams; the panel is being replaced. */
  close(): void;
}

/** How the demo page draws runs. */
export interface RunViews {
  /** Headings of the columns {@link RunViews.row} fills, after "Run". */
  readonly headings: readonly string[];
  row(run: RunSnapshot, apiBase: string): RunRowView;
  detail(runId: string, apiBase: string): RunDetailView;
}
