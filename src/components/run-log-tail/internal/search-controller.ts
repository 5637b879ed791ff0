import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LogWindow } from '../../../feed/types.js';
import { LogScanner } from '../../log-model/log-scanner.js';
import { isSearching, literalPattern, type LogQuery } from '../../log-model/query.js';
import type { SeqList } from '../../log-model/seq-list.js';
import type { LogFormat } from './format.js';
import type { RunLogTailStrings } from './strings.js';

// Typing waits this long before a scan starts, so each keystroke does not restart one.
const SEARCH_DEBOUNCE_MS = 150;

/** What the search needs from its element. */
export interface SearchHost extends ReactiveControllerHost {
  readonly isConnected: boolean;
  searchText: string;
  filterText: string;
  /** Read when the scanner is made (first connection). */
  readonly createSearchWorker: (() => Worker) | null | undefined;
}

/**
 * Filter and search over the whole retained window: owns the scanner (main-thread slices or
 * a worker) for as long as the element is on the page, the highlighted pattern, the match
 * the reader stepped to, and the debounced search and filter fields.
 */
export class SearchController implements ReactiveController {
  /** The line the reader stepped to with next/previous, if any. */
  currentMatchSeq: number | undefined;
  /** The search as a pattern for highlighting, or `undefined` when not searching. */
  pattern: RegExp | undefined;
  private scanner: LogScanner | undefined;
  // One timer per field: with one, typing in Filter within the debounce of clearing Search
  // cancelled the clear, and the old search stayed applied (issue 15).
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;
  private query: LogQuery = {};

  constructor(
    private readonly host: SearchHost,
    private readonly window: () => LogWindow,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.scanner) return;
    this.scanner = new LogScanner(this.window, () => this.host.requestUpdate(), {
      createWorker: this.host.createSearchWorker,
    });
    this.scanner.setQuery(this.query);
  }

  hostDisconnected(): void {
    clearTimeout(this.searchTimer);
    clearTimeout(this.filterTimer);
    // A move re-connects within the same task; only a real leave stops the scan worker.
    queueMicrotask(() => {
      if (this.host.isConnected) return;
      this.scanner?.dispose();
      this.scanner = undefined;
    });
  }

  /** Applies the element's levels, filter and search; a new search forgets the current match. */
  setQuery(query: LogQuery, searchChanged: boolean): void {
    this.query = query;
    this.scanner?.setQuery(query);
    if (searchChanged) this.currentMatchSeq = undefined;
    this.pattern = query.search ? literalPattern(query.search, false) : undefined;
  }

  /** Whether a search is set. */
  get searching(): boolean {
    return isSearching(this.query);
  }

  /** Seqs of the lines passing the filter, or `null` when every line shows. */
  get rows(): SeqList | null {
    return this.scanner?.rows ?? null;
  }

  /** Seqs of the lines matching the search. */
  get matches(): SeqList | undefined {
    return this.scanner?.matches;
  }

  /** Whether a scan over the whole window is still running. */
  get pending(): boolean {
    return this.scanner?.pending ?? false;
  }

  /** The window was replaced: scan it again. */
  windowReset(): void {
    this.scanner?.windowReset();
  }

  /** Lines arrived at the end: scan just those. */
  linesAppended(): void {
    this.scanner?.linesAppended();
  }

  /**
   * The seq of the next (1) or previous (-1) match, wrapping around, and makes it current.
   * Without a current match it starts from `fromSeq` (the top line on screen), not from the
   * top of the log.
   */
  step(direction: 1 | -1, fromSeq: number): number | undefined {
    const matches = this.scanner?.matches;
    if (!matches || matches.length === 0) return undefined;
    const current = this.currentMatchSeq;
    let index: number;
    if (current === undefined) index = direction === 1 ? matches.lowerBound(fromSeq) : matches.lowerBound(fromSeq) - 1;
    else index = direction === 1 ? matches.lowerBound(current + 1) : matches.lowerBound(current) - 1;
    if (index >= matches.length) index = 0;
    if (index < 0) index = matches.length - 1;
    const seq = matches.at(index);
    if (seq !== undefined) this.currentMatchSeq = seq;
    return seq;
  }

  /** "3 of 120", "Searching…" or "No matches". */
  countText(t: RunLogTailStrings, fmt: LogFormat): string {
    const matches = this.scanner?.matches;
    if (!matches) return '';
    if (this.scanner?.pending && matches.length === 0) return t.searching;
    if (matches.length === 0) return t.noMatches;
    const current = this.currentMatchSeq === undefined ? undefined : matches.lowerBound(this.currentMatchSeq) + 1;
    return t.matchCount(current === undefined ? undefined : fmt.count(current), fmt.count(matches.length));
  }

  /** The search field changed: search once typing pauses. */
  onSearchInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.host.searchText = value), SEARCH_DEBOUNCE_MS);
  }

  /** Enter in the search field: search now and step (Shift+Enter steps back). */
  onSearchKey(event: KeyboardEvent, stepTo: (direction: 1 | -1) => void): void {
    if (event.key !== 'Enter') return;
    clearTimeout(this.searchTimer);
    this.host.searchText = (event.target as HTMLInputElement).value;
    stepTo(event.shiftKey ? -1 : 1);
  }

  /** The filter field changed: filter once typing pauses. */
  onFilterInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.filterTimer);
    this.filterTimer = setTimeout(() => (this.host.filterText = value), SEARCH_DEBOUNCE_MS);
  }
}
