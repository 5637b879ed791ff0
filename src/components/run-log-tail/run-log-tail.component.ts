import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isTerminalStatus, LOG_LEVELS, type LogLevel } from '../../contract/index.js';
import type { LogWindow, RunFeed, RunFeedChange, RunFeedState } from '../../feed/types.js';
import { RunFeedController } from '../controllers/run-feed-controller.js';
import type { LabelMap } from '../shared/phase-label.js';
import { RunLogLineLinkEvent } from '../events/run-log-line-link-event.js';
import { LogScanner } from '../log-model/log-scanner.js';
import { PhaseGroups } from '../log-model/phase-groups.js';
import { isSearching, literalPattern } from '../log-model/query.js';
import { renderLine, type RenderedLine } from '../log-model/rendered-line.js';
import { RowModel, type Row } from '../log-model/row-model.js';
import { LruCache } from '../log-model/span-cache.js';
import { linesText, windowBlob } from '../log-model/text-export.js';
import {
  contentTopFor,
  maxContentTop,
  scrollGeometry,
  scrollTopFor,
  visibleRange,
  type ScrollGeometry,
} from '../log-model/viewport.js';
import { firstSeq, indexAtOrAfter, lastSeq } from '../log-model/window-search.js';
import { LogFormat } from './internal/format.js';
import { FrameBatchedHost } from './internal/frame-host.js';
import type { RunAdapter } from '../../adapters/index.js';
import { openRunFeed, ownedFeedKey, type OwnedFeedOptions } from '../shared/open-feed.js';
import { headerRow, lineRow, type RowContext } from './internal/row-templates.js';
import { selectionEnds } from './internal/selection.js';
import { mergeStrings, type RunLogTailStrings, type RunLogTailStringsInput } from './internal/strings.js';
import { runLogTailStyles } from './run-log-tail.styles.js';

/** How line times are shown. */
export type TimestampMode = 'none' | 'absolute' | 'relative';

/** Where the view is anchored while the reader is not following: a row and how far it is scrolled off. */
type Anchor = { seq: number; offset: number } | { group: number; offset: number };

interface View {
  model: RowModel;
  geometry: ScrollGeometry;
  contentTop: number;
  first: number;
  offset: number;
  count: number;
  /** Render the last rows aligned to the bottom (following with wrapped rows of unknown height). */
  bottomAligned: boolean;
}

// Boolean attributes that default to on: `line-numbers="off"` (or "false") turns them off.
const onOff = {
  fromAttribute: (value: string | null): boolean => value === null || !/^(off|false|no|0)$/i.test(value),
  toAttribute: (value: boolean): string => (value ? 'on' : 'off'),
};

// Parsed lines kept for scrolling back and forth: bounded in count and in characters.
const CACHE_LINES = 2_000;

// A labels attribute that is not a JSON object of strings is ignored rather than thrown on:
// a typo in markup must not break the element.
const labelsConverter = {
  fromAttribute(value: string | null): LabelMap | undefined {
    if (!value) return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return undefined;
    }
  },
};
const CACHE_CHARS = 2_000_000;
const SEARCH_DEBOUNCE_MS = 150;

/**
 * @summary A terminal-like live tail of a run's log that follows new lines, stops following
 * when the reader scrolls up, and stays smooth at a million lines.
 *
 * @csspart base - The frame around everything.
 * @csspart toolbar - The search, filter and action bar.
 * @csspart search - The search field.
 * @csspart filter - The filter field.
 * @csspart button - Every toolbar button.
 * @csspart level-toggle - The level filter buttons (also `button`; `aria-pressed` tells which levels show).
 * @csspart match-count - "3 of 120" next to the search field.
 * @csspart notice - A notice above the log ("Earlier lines not shown", "Line 12 is no longer retained").
 * @csspart scroller - The scrolling log region (`role="log"`).
 * @csspart line - Every log line; also `line-debug`, `line-info`, `line-warn`, `line-error`, `linked-line`, `selected-line`.
 * @csspart line-number - The line number (a link to the line).
 * @csspart timestamp - A line's time.
 * @csspart level - A line's level badge.
 * @csspart match - A search match; the current one is also `current-match`.
 * @csspart truncated - The note after a line cut for display.
 * @csspart group-header - A phase group's header row; the failing phase's is also `failed-group`.
 * @csspart group-toggle - The button that collapses or opens a group.
 * @csspart empty - The empty, loading or no-run message.
 * @csspart status - The status bar under the log.
 * @csspart jump - The "N new lines — jump to end" button.
 *
 * @cssproperty [--run-log-height=24rem] - Height of the log region.
 * @cssproperty [--run-log-font-family=ui-monospace, monospace] - Log font.
 * @cssproperty [--run-log-font-size=0.8125rem] - Log font size.
 * @cssproperty [--run-log-line-height=1.5] - Log line height.
 * @cssproperty [--run-log-bg=#ffffff] - Log background (dark: #0d1117).
 * @cssproperty [--run-log-fg=#1f2328] - Log text (dark: #e6edf3).
 * @cssproperty [--run-log-muted=#59636e] - Line numbers, times, chrome text.
 * @cssproperty [--run-log-border=#d1d9e0] - Borders.
 * @cssproperty [--run-log-accent=#0969da] - Focus rings, linked line, buttons.
 * @cssproperty [--run-log-error=#d1242f] - Error lines' marker and badge.
 * @cssproperty [--run-log-warn=#9a6700] - Warning lines' marker and badge.
 * @cssproperty [--run-log-match-bg=#fff8c5] - Search match background.
 * @cssproperty [--run-log-current-match-bg=#ffd33d] - Current search match background.
 * @cssproperty [--run-log-selected-bg=#ddf4ff] - Selected lines' background.
 * @cssproperty [--run-log-chrome-bg=#f6f8fa] - Toolbar, status bar and group header background.
 * @cssproperty --run-log-ansi-black - ANSI colour 0; likewise `-red` `-green` `-yellow` `-blue` `-magenta` `-cyan` `-white` and their `-bright-*` forms.
 *
 * @event {RunLogLineLinkEvent} run-log-line-link - A line number was clicked (`seq`, `href` = `#L<seq>`, `runId`).
 *
 * @attr base-url - Base URL of a run-progress-kit backend; with `run-id`, the element opens and owns its feed.
 * @attr run-id - The run to follow (with `base-url`).
 * @attr adapter - Name of an adapter registered with `registerAdapter`, for a backend that does not speak the contract.
 * @attr wrap - Wrap long lines instead of scrolling sideways.
 * @attr line-numbers - `off` hides line numbers.
 * @attr timestamps - `none` (default), `absolute` (clock time) or `relative` (since the run started).
 * @attr grouping - `off` turns phase groups off.
 * @attr theme - `light` or `dark`; without it the page's `prefers-color-scheme` decides.
 * @attr hash-links - Scroll to `#L<seq>` in the page address, and put a clicked line's link there.
 * @attr search-text - The search.
 * @attr filter-text - Show only lines containing this text.
 */
export class RunLogTail extends LitElement {
  static override styles = runLogTailStyles;

  /** The feed to show. Takes precedence over `base-url` + `run-id`; the page keeps ownership. */
  @property({ attribute: false }) feed: RunFeed | undefined;
  /** Base URL of the backend, for an element that opens its own feed. */
  @property({ attribute: 'base-url' }) baseUrl: string | undefined;
  /** The run to follow, for an element that opens its own feed. */
  @property({ attribute: 'run-id' }) runId: string | undefined;

  /**
   * Follow a backend that does not speak the contract: an adapter object, or (as the
   * attribute) the name it was registered under with `registerAdapter('my-backend', adapter)`,
   * before the element connects. Its URLs are relative to `base-url`. See docs/adapters.md.
   */
  @property() adapter: RunAdapter | string | undefined;
  /**
   * Options for the feed the element opens from `base-url` + `run-id` (a token getter,
   * credentials, transports). Read when the feed opens.
   */
  @property({ attribute: false }) feedOptions: OwnedFeedOptions | undefined;
  /**
   * Phase key → words for group headers (the same map `<run-progress>` takes); without an
   * entry, the run's own step label, else the key made readable. As an
   * attribute: a JSON object (`labels='{"export_reports":"Exporting reports"}'`).
   */
  @property({ converter: labelsConverter }) labels: LabelMap | undefined;
  /** Words to show instead of the English defaults. */
  @property({ attribute: false }) strings: RunLogTailStringsInput | undefined;
  /** Wrap long lines. */
  @property({ type: Boolean, reflect: true }) wrap = false;
  /** Show line numbers (seqs). */
  @property({ attribute: 'line-numbers', converter: onOff }) lineNumbers = true;
  /** Show each line's time. */
  @property({ reflect: true }) timestamps: TimestampMode = 'none';
  /** Group lines by phase when lines carry one. */
  @property({ converter: onOff }) grouping = true;
  /** Force a colour scheme. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;
  /** Follow `#L<seq>` in the page address and set it when a line number is clicked. */
  @property({ type: Boolean, attribute: 'hash-links' }) hashLinks = false;
  /** Levels shown; `undefined` shows all. */
  @property({ attribute: false }) levels: readonly LogLevel[] | undefined;
  /** Show only lines containing this text (ignoring case). */
  @property({ attribute: 'filter-text' }) filterText = '';
  /** Highlight lines containing this text (ignoring case); step through them with `nextMatch()`. */
  @property({ attribute: 'search-text' }) searchText = '';
  /** Where `copyLines()` writes; default `navigator.clipboard`. */
  @property({ attribute: false }) clipboard: Pick<Clipboard, 'writeText'> | undefined;
  /**
   * Starts the search worker used for large windows; `null` searches on the main thread
   * only (in slices). Read when the element first connects.
   */
  @property({ attribute: false }) createSearchWorker: (() => Worker) | null | undefined;

  /** Whether the view follows new lines (false once the reader scrolls up). */
  @state() following = true;
  @state() private collapsed = new Set<number>();
  @state() private currentMatchSeq: number | undefined;
  @state() private linkedSeq: number | undefined;
  @state() private notice: string | undefined;
  @state() private selection: { from: number; to: number } | undefined;
  @state() private copiedFlash = false;

  private readonly frameHost = new FrameBatchedHost(this, () => this.ingest());
  private readonly feeds = new RunFeedController(this.frameHost, (_state, change) => this.noteChange(change));
  private scanner: LogScanner | undefined;
  private readonly groups = new PhaseGroups();
  private readonly cache = new LruCache<number, RenderedLine>(CACHE_LINES, (r) => r.plain.length, CACHE_CHARS);
  private t: RunLogTailStrings = mergeStrings(undefined);
  private fmt = new LogFormat('en');
  private ownedKey: string | undefined;
  private pendingReset = true;
  private modelWindow: LogWindow | undefined;
  private modelRunId: string | undefined;
  private groupedSeq = 0;
  private failureOpenedFor: string | undefined;
  private pendingSeq: number | undefined;
  private unfollowSeq = 0;
  private anchor: Anchor | undefined;
  private contentTop = 0;
  private rowHeight = 20;
  private wrapRowHeight = 20;
  private viewportHeight = 0;
  private expectedScrollTop: number | undefined;
  /** Measured heights of wrapped rows drawn recently, by row key. */
  private readonly rowHeights = new Map<string, number>();
  private pendingWrapDelta = 0;
  private view: View | undefined;
  private pattern: RegExp | undefined;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private announced = '';
  private readonly onHashChange = (): void => this.followHash();
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  /** The feed shown now (the `feed` property or the one the element opened). */
  get activeFeed(): RunFeed | undefined {
    return this.feeds.feed;
  }

  /** Number of rows (lines and group headers) the reader can scroll through. */
  get rowCount(): number {
    return this.view?.model.count ?? 0;
  }

  /** Lines that arrived since the reader stopped following (0 while following). */
  get newLineCount(): number {
    const model = this.view?.model;
    if (this.following || !model) return 0;
    return model.lineCount - model.linePosition(this.unfollowSeq + 1);
  }

  /** Seqs of the lines matching the search (all of them, not only those on screen). */
  get matchSeqs(): number[] {
    return this.scanner?.matches.toArray() ?? [];
  }

  /** Whether a filter or search scan over the whole window is still running. */
  get scanning(): boolean {
    return this.scanner?.pending ?? false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.scanner) {
      this.scanner = new LogScanner(
        () => this.window(),
        () => this.requestUpdate(),
        {
          createWorker: this.createSearchWorker,
        },
      );
      this.scanner.setQuery({ levels: this.levels, filterText: this.filterText, search: this.searchText });
    }
    if (this.hashLinks) window.addEventListener('hashchange', this.onHashChange);
    // An owned feed was closed when the element left; coming back re-opens it.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    clearTimeout(this.searchTimer);
    clearTimeout(this.copiedTimer);
    // A move re-connects within the same task; only a real leave stops the scan worker.
    queueMicrotask(() => {
      if (!this.isConnected) {
        this.scanner?.dispose();
        this.scanner = undefined;
        this.pendingReset = true;
      }
    });
  }

  /**
   * Scrolls to the line with sequence number `seq` and marks it as the linked line. A line
   * that has not arrived yet is scrolled to when it does; a line no longer retained shows a
   * notice. Returns whether the line is on screen now.
   */
  scrollToSeq(seq: number): boolean {
    const window = this.feeds.state?.logs;
    const last = window ? lastSeq(window) : undefined;
    if (!window || last === undefined || seq > last) {
      this.pendingSeq = seq;
      this.notice = this.t.lineNotYet(this.fmt.count(seq));
      return false;
    }
    this.pendingSeq = undefined;
    const first = firstSeq(window) ?? 1;
    if (seq < first) {
      this.notice = this.t.lineNotRetained(this.fmt.count(seq));
      return false;
    }
    this.notice = undefined;
    const target = window.at(indexAtOrAfter(window, seq))?.seq ?? seq;
    this.linkedSeq = target;
    this.revealLine(target);
    return true;
  }

  /** Steps to the next line matching the search (wrapping to the first). */
  nextMatch(): void {
    this.stepMatch(1);
  }

  /** Steps to the previous line matching the search (wrapping to the last). */
  previousMatch(): void {
    this.stepMatch(-1);
  }

  /** Starts following again: scrolls to the end and keeps up with new lines. */
  jumpToEnd(): void {
    this.following = true;
    this.notice = undefined;
    this.anchor = undefined;
    this.requestUpdate();
  }

  /** Collapses or opens the phase group whose first line has seq `key` (a group's `key`). */
  toggleGroup(key: number, open?: boolean): void {
    const next = new Set(this.collapsed);
    const shouldOpen = open ?? next.has(key);
    if (shouldOpen) next.delete(key);
    else next.add(key);
    this.collapsed = next;
  }

  /** Keys of the phase groups shown now, oldest first, with their phase. */
  get phaseGroups(): ReadonlyArray<{ key: number; phase: string | undefined; collapsed: boolean }> {
    return this.groups.groups.map((g) => ({ key: g.key, phase: g.phase, collapsed: this.collapsed.has(g.key) }));
  }

  /**
   * Plain text of the selected lines (chosen by clicking line numbers, shift-click to extend),
   * or of every line shown when none are selected: no escape codes, no line numbers, lines
   * off screen included.
   */
  selectedText(): string {
    const window = this.window();
    const model = this.view?.model ?? this.buildModel(window);
    const sel = this.selection;
    if (!sel) return linesText(window, model.seqs());
    return linesText(window, model.seqs(model.linePosition(sel.from), model.linePosition(sel.to + 1)));
  }

  /** Copies {@link selectedText} to the clipboard; resolves with the text copied. */
  async copyLines(): Promise<string> {
    const text = this.selectedText();
    await (this.clipboard ?? navigator.clipboard).writeText(text);
    this.copiedFlash = true;
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copiedFlash = false), 1500);
    return text;
  }

  /** The whole retained log as plain text. */
  logBlob(): Blob {
    return windowBlob(this.window());
  }

  /** Downloads the retained log as `<run id>.log`. */
  download(): void {
    const url = URL.createObjectURL(this.logBlob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${this.feeds.state?.runId ?? this.runId ?? 'run'}.log`;
    a.hidden = true;
    // Some browsers only download from an anchor that is in a document.
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // ---- feed ingestion (once per animation frame) ----

  private window(): LogWindow {
    return this.feeds.state?.logs ?? EMPTY_WINDOW;
  }

  private noteChange(change: RunFeedChange): void {
    if (change.logsReset) this.pendingReset = true;
  }

  private ingest(): void {
    const state = this.feeds.state;
    const window = this.window();
    const scanner = this.scanner;
    if (state?.runId !== this.modelRunId) {
      this.cache.clear();
      this.collapsed = new Set();
      this.following = true;
      this.anchor = undefined;
      this.pendingReset = true;
    }
    if (this.pendingReset || window !== this.modelWindow) {
      // After a reset the server may reuse seqs with other text (a store restored from an
      // older backup), so parsed lines are not trusted across it.
      this.cache.clear();
      this.groups.rebuild(window);
      scanner?.windowReset();
    } else {
      this.groups.append(window, indexAtOrAfter(window, this.groupedSeq + 1));
      scanner?.linesAppended();
    }
    this.pendingReset = false;
    this.modelWindow = window;
    this.modelRunId = state?.runId;
    this.groupedSeq = lastSeq(window) ?? 0;
    if (state) this.openFailedPhase(state);
    if (this.pendingSeq !== undefined && this.groupedSeq >= this.pendingSeq) this.scrollToSeq(this.pendingSeq);
  }

  /** When the run fails, the group of the phase it failed in opens by itself (once). */
  private openFailedPhase(state: RunFeedState): void {
    const run = state.run;
    if (run?.status !== 'failed' || this.failureOpenedFor === run.id) return;
    this.failureOpenedFor = run.id;
    const phase = run.error?.phase;
    if (phase === undefined) return;
    const next = new Set(this.collapsed);
    for (const g of this.groups.groups) if (g.phase === phase) next.delete(g.key);
    this.collapsed = next;
  }

  private syncFeedSource(): void {
    if (this.feed) {
      this.ownedKey = undefined;
      this.feeds.use({ feed: this.feed, owned: false });
      return;
    }
    if ((this.baseUrl || this.adapter) && this.runId) {
      const key = ownedFeedKey(this.baseUrl ?? '', this.runId, this.adapter);
      if (this.feeds.feed && this.ownedKey === key) return;
      if (!this.isConnected) return;
      this.ownedKey = key;
      this.feeds.use({
        feed: openRunFeed(this.baseUrl ?? '', this.runId, this.feedOptions, this.adapter),
        owned: true,
      });
      return;
    }
    this.ownedKey = undefined;
    this.feeds.use({ feed: undefined, owned: false });
  }

  // ---- layout ----

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.syncFeedSource();
    if (changed.has('hashLinks')) {
      window.removeEventListener('hashchange', this.onHashChange);
      if (this.hashLinks) window.addEventListener('hashchange', this.onHashChange);
    }
    if (changed.has('strings')) this.t = mergeStrings(this.strings);
    const locale = this.closest('[lang]')?.getAttribute('lang') || navigator.language || 'en';
    if (locale !== this.fmt.locale) this.fmt = new LogFormat(locale);
    if (changed.has('levels') || changed.has('filterText') || changed.has('searchText')) {
      this.scanner?.setQuery({ levels: this.levels, filterText: this.filterText, search: this.searchText });
      if (changed.has('searchText')) this.currentMatchSeq = undefined;
      this.pattern = this.searchText ? literalPattern(this.searchText, false) : undefined;
    }
    if (this.modelWindow !== this.feeds.state?.logs || this.modelRunId !== this.feeds.state?.runId) this.ingest();
    if (this.pendingWrapDelta !== 0) this.applyWrapDelta();
    this.layout();
  }

  private buildModel(window: LogWindow): RowModel {
    const grouped = this.grouping && this.groups.hasPhases;
    return new RowModel(window, grouped ? this.groups.groups : null, this.scanner?.rows ?? null, this.collapsed);
  }

  private layout(): void {
    const model = this.buildModel(this.window());
    const rowHeight = this.wrap ? Math.max(this.rowHeight, this.wrapRowHeight) : this.rowHeight;
    const geometry = scrollGeometry(model.count, rowHeight, this.viewportHeight);
    const max = maxContentTop(geometry);
    const anchorRow = this.following || !this.anchor ? -1 : this.anchorRow(model, this.anchor);
    // Wrapped rows differ in height: an anchor there says exactly where its row's top is, so
    // it is drawn as it says, and the scroll position only follows it approximately.
    const exact =
      this.wrap && this.anchor !== undefined && this.anchor.offset >= 0 && anchorRow >= 0 && anchorRow < model.count;
    let contentTop: number;
    if (this.following) contentTop = max;
    else if (this.anchor)
      contentTop = anchorRow * rowHeight + (exact ? Math.min(this.anchor.offset, rowHeight) : this.anchor.offset);
    else contentTop = this.contentTop;
    contentTop = Math.min(max, Math.max(0, contentTop));
    this.contentTop = contentTop;
    const range = exact
      ? { first: anchorRow, offset: this.anchor?.offset ?? 0, count: 0 }
      : visibleRange(geometry, contentTop);
    // Wrapped rows are at least one line tall, so this many always fill the viewport.
    const count = this.wrap
      ? Math.min(model.count - range.first, Math.ceil((this.viewportHeight + range.offset) / this.rowHeight) + 1)
      : range.count;
    const bottomAligned = this.wrap && this.following;
    const first = bottomAligned ? Math.max(0, model.count - count) : range.first;
    this.view = { model, geometry, contentTop, first, offset: range.offset, count, bottomAligned };
    if (!this.following && !bottomAligned) {
      const row = model.rowAt(range.first);
      this.anchor = row ? { ...rowKey(row), offset: range.offset } : undefined;
    }
  }

  /**
   * Scrolls wrapped rows by real pixels, walking the heights of the rows drawn (rows not
   * drawn yet count as the average), so a tall wrapped line scrolls like any text.
   */
  private wrapScrollBy(delta: number): void {
    // Several wheel events can land in one frame: add them up and apply them once, from the
    // layout the reader is looking at.
    this.pendingWrapDelta += delta;
    this.requestUpdate();
  }

  private applyWrapDelta(): void {
    const delta = this.pendingWrapDelta;
    this.pendingWrapDelta = 0;
    const view = this.view;
    if (!view || delta === 0) return;
    const model = view.model;
    const viewport = this.viewportHeight;
    const height = (index: number): number => {
      const row = model.rowAt(index);
      return (row && this.rowHeights.get(rowKeyString(row))) ?? Math.max(this.rowHeight, this.wrapRowHeight);
    };
    let row = view.first;
    let offset = view.offset;
    if (view.bottomAligned) {
      let total = 0;
      row = model.count;
      while (row > 0 && total < viewport) total += height(--row);
      offset = Math.max(0, total - viewport);
    }
    offset += delta;
    while (offset < 0 && row > 0) offset += height(--row);
    offset = Math.max(0, offset);
    while (row < model.count - 1 && offset >= height(row)) offset -= height(row++);
    let below = -offset;
    for (let i = row; i < model.count && below <= viewport; i++) below += height(i);
    if (below <= viewport && delta > 0) {
      this.following = true;
      this.anchor = undefined;
      return;
    }
    this.setFollowing(false);
    const top = model.rowAt(row);
    this.anchor = top ? { ...rowKey(top), offset } : undefined;
  }

  private anchorRow(model: RowModel, anchor: Anchor): number {
    if ('group' in anchor) return Math.max(0, model.rowOfGroup(anchor.group));
    const row = model.rowOfSeq(anchor.seq);
    return row < 0 ? model.count : row;
  }

  /** Scrolls so the line with this seq sits a third of the way down, opening its group. */
  private revealLine(seq: number): void {
    const group = this.groups.groups.find((g) => g.firstSeq <= seq && seq <= g.lastSeq);
    if (group && this.collapsed.has(group.key)) this.toggleGroup(group.key, true);
    this.following = false;
    this.anchor = { seq, offset: -Math.floor(this.viewportHeight / 3) };
    this.requestUpdate();
  }

  private stepMatch(direction: 1 | -1): void {
    const matches = this.scanner?.matches;
    if (!matches || matches.length === 0) return;
    const current = this.currentMatchSeq;
    let index: number;
    if (current === undefined) {
      // Start from what the reader is looking at, not from the top of the log.
      const top = this.view?.model.rowAt(this.view.first);
      const from = top?.kind === 'line' ? top.seq : 0;
      index = direction === 1 ? matches.lowerBound(from) : matches.lowerBound(from) - 1;
    } else index = direction === 1 ? matches.lowerBound(current + 1) : matches.lowerBound(current) - 1;
    if (index >= matches.length) index = 0;
    if (index < 0) index = matches.length - 1;
    const seq = matches.at(index);
    if (seq === undefined) return;
    this.currentMatchSeq = seq;
    this.revealLine(seq);
  }

  // ---- DOM ----

  protected override firstUpdated(): void {
    const scroller = this.scroller();
    this.resizeObserver = new ResizeObserver(() => this.measure());
    if (scroller) this.resizeObserver.observe(scroller);
    this.measure();
    if (this.hashLinks) this.followHash();
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.resizeObserver && this.isConnected) {
      this.resizeObserver = new ResizeObserver(() => this.measure());
      const scroller = this.scroller();
      if (scroller) this.resizeObserver.observe(scroller);
    }
    const scroller = this.scroller();
    const view = this.view;
    if (!scroller || !view) return;
    const top = scrollTopFor(view.geometry, view.contentTop);
    if (Math.abs(scroller.scrollTop - top) > 0.5) {
      scroller.scrollTop = top;
      this.expectedScrollTop = scroller.scrollTop;
    }
    if (this.wrap) this.measureWrappedRows();
    this.announce();
  }

  private scroller(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.scroller');
  }

  private measure(): void {
    const scroller = this.scroller();
    const probe = this.renderRoot.querySelector<HTMLElement>('.probe');
    if (!scroller) return;
    const height = probe?.getBoundingClientRect().height ?? 0;
    const changed =
      scroller.clientHeight !== this.viewportHeight || (height > 0 && Math.abs(height - this.rowHeight) > 0.01);
    this.viewportHeight = scroller.clientHeight;
    if (height > 0) this.rowHeight = height;
    if (changed) this.requestUpdate();
  }

  /** Wrapped rows vary in height: the scroll geometry uses the average of those drawn. */
  private measureWrappedRows(): void {
    const rows = this.renderRoot.querySelectorAll<HTMLElement>('.rows > .row');
    if (rows.length === 0) return;
    let total = 0;
    if (this.rowHeights.size > 10_000) this.rowHeights.clear();
    for (const row of rows) {
      const h = row.getBoundingClientRect().height;
      total += h;
      const key = row.dataset.seq ?? (row.dataset.group === undefined ? undefined : `g${row.dataset.group}`);
      if (key !== undefined) this.rowHeights.set(key, h);
    }
    const average = total / rows.length;
    if (Math.abs(average - this.wrapRowHeight) / this.wrapRowHeight > 0.1) {
      this.wrapRowHeight = average;
      this.requestUpdate();
    }
  }

  private onScroll(): void {
    const scroller = this.scroller();
    const view = this.view;
    if (!scroller || !view) return;
    const top = scroller.scrollTop;
    if (this.expectedScrollTop !== undefined && Math.abs(top - this.expectedScrollTop) < 1) {
      this.expectedScrollTop = undefined;
      return;
    }
    this.expectedScrollTop = undefined;
    const g = view.geometry;
    const atEnd = top >= g.spacerHeight - scroller.clientHeight - 2;
    this.setFollowing(atEnd);
    this.contentTop = contentTopFor(g, top);
    this.anchor = undefined;
    this.requestUpdate();
  }

  private setFollowing(following: boolean): void {
    if (following === this.following) return;
    if (!following) this.unfollowSeq = lastSeq(this.window()) ?? 0;
    this.following = following;
  }

  private scrollByPixels(delta: number): void {
    const view = this.view;
    if (!view) return;
    if (this.wrap) {
      this.wrapScrollBy(delta);
      return;
    }
    const max = maxContentTop(view.geometry);
    // `contentTop` rather than the view's: several key or wheel events can land in one frame.
    const next = Math.min(max, Math.max(0, (this.following ? max : this.contentTop) + delta));
    this.setFollowing(next >= max);
    this.contentTop = next;
    this.anchor = undefined;
    this.requestUpdate();
  }

  /**
   * Above the height ceiling one scroll pixel is `scale` content pixels, which would make the
   * wheel race; there the wheel moves the content by its own delta instead. (Dragging the
   * scrollbar stays scaled: it must reach every line.) Wrapped rows always scroll by the
   * wheel's pixels through their real heights.
   */
  private onWheel(event: WheelEvent): void {
    const view = this.view;
    if (!view || event.ctrlKey || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
    if (!this.wrap && view.geometry.scale <= 1.01) return;
    const unit =
      event.deltaMode === WheelEvent.DOM_DELTA_LINE
        ? this.rowHeight
        : event.deltaMode === WheelEvent.DOM_DELTA_PAGE
          ? this.viewportHeight
          : 1;
    event.preventDefault();
    this.scrollByPixels(event.deltaY * unit);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const page = Math.max(this.rowHeight, this.viewportHeight - this.rowHeight);
    switch (event.key) {
      case 'PageDown':
        this.scrollByPixels(page);
        break;
      case 'PageUp':
        this.scrollByPixels(-page);
        break;
      case 'ArrowDown':
        this.scrollByPixels(this.rowHeight);
        break;
      case 'ArrowUp':
        this.scrollByPixels(-this.rowHeight);
        break;
      case 'Home':
        this.setFollowing(false);
        this.contentTop = 0;
        this.anchor = undefined;
        this.requestUpdate();
        break;
      case 'End':
        this.jumpToEnd();
        break;
      case 'Escape':
        this.selection = undefined;
        return;
      default:
        return;
    }
    event.preventDefault();
  }

  private onRowsClick(event: MouseEvent): void {
    const target = (event.target as Element).closest<HTMLElement>('[data-action]');
    if (!target) return;
    event.preventDefault();
    if (target.dataset.action === 'toggle') {
      this.toggleGroup(Number(target.dataset.group));
      return;
    }
    const seq = Number(target.dataset.seq);
    if (event.shiftKey && this.selection) {
      const anchor = this.selection.from === this.linkedSeq ? this.selection.from : this.selection.to;
      this.selection = { from: Math.min(anchor, seq), to: Math.max(anchor, seq) };
    } else this.selection = { from: seq, to: seq };
    this.linkedSeq = seq;
    const href = `#L${seq}`;
    if (this.hashLinks) history.replaceState(history.state, '', href);
    const linkEvent = new RunLogLineLinkEvent(this.feeds.state?.runId, seq, href);
    // Dispatched by reference: the manifest takes the event from the class JSDoc (@event).
    this.dispatchEvent(linkEvent);
  }

  /** Native copy of a selection spanning rows: whole lines as plain text, without gutters. */
  private onCopy(event: ClipboardEvent): void {
    const ends = selectionEnds(this.renderRoot as ShadowRoot);
    if (!ends) return;
    const rowOf = (node: Node): HTMLElement | null =>
      (node instanceof Element ? node : node.parentElement)?.closest<HTMLElement>('.row.line') ?? null;
    const start = rowOf(ends.start);
    const end = rowOf(ends.end);
    if (!start || !end || start === end || !event.clipboardData) return;
    const from = Number(start.dataset.seq);
    const to = Number(end.dataset.seq);
    const model = this.view?.model;
    if (!model) return;
    const text = linesText(
      this.window(),
      model.seqs(model.linePosition(Math.min(from, to)), model.linePosition(Math.max(from, to) + 1)),
    );
    event.clipboardData.setData('text/plain', text);
    event.preventDefault();
  }

  private followHash(): void {
    const match = /^#L(\d+)$/.exec(location.hash);
    if (match) this.scrollToSeq(Number(match[1]));
  }

  private onSearchInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.searchText = value), SEARCH_DEBOUNCE_MS);
  }

  private onSearchKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;
    clearTimeout(this.searchTimer);
    this.searchText = (event.target as HTMLInputElement).value;
    if (event.shiftKey) this.previousMatch();
    else this.nextMatch();
  }

  private onFilterInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => (this.filterText = value), SEARCH_DEBOUNCE_MS);
  }

  private toggleLevel(level: LogLevel): void {
    const shown = new Set(this.levels ?? LOG_LEVELS);
    if (shown.has(level)) shown.delete(level);
    else shown.add(level);
    this.levels = shown.size === LOG_LEVELS.length ? undefined : LOG_LEVELS.filter((l) => shown.has(l));
  }

  /** The connection or run state in words, or `undefined` while simply live. */
  private statusText(): string {
    const state = this.feeds.state;
    if (!state) return this.t.noRun;
    if (state.run && isTerminalStatus(state.run.status)) return this.t.ended(state.run.status);
    switch (state.connection.status) {
      case 'reconnecting':
        return this.t.reconnecting;
      case 'offline':
        return this.t.offline;
      case 'unauthorized':
        return this.t.unauthorized;
      case 'idle':
      case 'connecting':
        return this.t.loading;
      case 'stopped':
        return state.problem?.title ?? this.t.live;
      default:
        return state.run ? this.t.live : this.t.loading;
    }
  }

  private announce(): void {
    // Only state changes reach the polite live region; the stream itself is aria-live="off".
    const text = this.statusText();
    if (text === this.announced) return;
    this.announced = text;
    const region = this.renderRoot.querySelector('.announce');
    if (region) region.textContent = text;
  }

  protected override render(): TemplateResult {
    const t = this.t;
    const state = this.feeds.state;
    const window = this.window();
    const view = this.view;
    const searching = isSearching({ search: this.searchText });
    const matches = this.scanner?.matches;
    const status = this.statusText();
    const empty = !state ? t.noRun : window.size === 0 ? (status === t.loading ? t.loading : t.empty) : undefined;
    const newLines = this.newLineCount;
    return html`<div class="frame" part="base">
      <div class="toolbar" part="toolbar" role="toolbar" aria-label=${t.toolbarLabel}>
        <span class="search-box">
          <input
            type="search"
            part="search"
            aria-label=${t.searchLabel}
            placeholder=${t.searchPlaceholder}
            .value=${this.searchText}
            @input=${this.onSearchInput}
            @keydown=${this.onSearchKey}
          />
          <button
            type="button"
            part="button"
            aria-label=${t.previousMatch}
            title=${t.previousMatch}
            ?disabled=${!matches?.length}
            @click=${() => this.previousMatch()}
          >
            ↑
          </button>
          <button
            type="button"
            part="button"
            aria-label=${t.nextMatch}
            title=${t.nextMatch}
            ?disabled=${!matches?.length}
            @click=${() => this.nextMatch()}
          >
            ↓
          </button>
          <span class="count" part="match-count">${searching ? this.matchCountText() : nothing}</span>
        </span>
        <input
          type="search"
          part="filter"
          aria-label=${t.filterLabel}
          placeholder=${t.filterPlaceholder}
          .value=${this.filterText}
          @input=${this.onFilterInput}
        />
        <span class="levels" role="group" aria-label=${t.levelsLabel}>
          ${LOG_LEVELS.map(
            (level) =>
              html`<button
                type="button"
                part="button level-toggle"
                class="level-toggle level-${level}"
                aria-pressed=${this.levels === undefined || this.levels.includes(level) ? 'true' : 'false'}
                data-level=${level}
                @click=${() => this.toggleLevel(level)}
              >
                ${t.levelNames[level]}
              </button>`,
          )}
        </span>
        <button
          type="button"
          part="button"
          aria-pressed=${this.wrap ? 'true' : 'false'}
          @click=${() => (this.wrap = !this.wrap)}
        >
          ${t.wrap}
        </button>
        <button
          type="button"
          part="button"
          data-action-copy
          @click=${() => void this.copyLines().catch(() => undefined)}
        >
          ${this.copiedFlash ? t.copied : t.copy}
        </button>
        <button type="button" part="button" data-action-download @click=${() => this.download()}>${t.download}</button>
      </div>
      ${window.dropped > 0 ? html`<div class="notice dropped" part="notice">${t.earlierNotShown(this.fmt.count(window.size))}</div>` : nothing}
      ${this.notice ? html`<div class="notice link-notice" part="notice" role="status">${this.notice}</div>` : nothing}
      <div
        class="scroller"
        part="scroller"
        dir="ltr"
        role="log"
        aria-live="off"
        aria-label=${t.logLabel}
        tabindex="0"
        @scroll=${this.onScroll}
        @wheel=${this.onWheel}
        @keydown=${this.onKeyDown}
        @click=${this.onRowsClick}
        @copy=${this.onCopy}
      >
        ${view ? this.renderRows(view) : nothing}
        <div class="row probe" aria-hidden="true">0</div>
        ${empty ? html`<div class="empty" part="empty" dir="auto">${empty}</div>` : nothing}
      </div>
      <div class="status" part="status">
        <span class="state">${status}</span>
        ${this.scanner?.rows ? html`<span>${t.filtered(this.fmt.count(view?.model.lineCount ?? 0), this.fmt.count(window.size))}</span>` : nothing}
        ${
          this.following
            ? nothing
            : html`<button type="button" class="jump" part="jump" @click=${() => this.jumpToEnd()}>
                ${newLines > 0 ? t.newLines(this.fmt.count(newLines)) : t.jumpToEnd}
              </button>`
        }
      </div>
      <div class="announce" role="status" aria-live="polite"></div>
    </div>`;
  }

  private matchCountText(): string {
    const matches = this.scanner?.matches;
    if (!matches) return '';
    if (this.scanner?.pending && matches.length === 0) return this.t.searching;
    if (matches.length === 0) return this.t.noMatches;
    const current = this.currentMatchSeq === undefined ? undefined : matches.lowerBound(this.currentMatchSeq) + 1;
    return this.t.matchCount(
      current === undefined ? undefined : this.fmt.count(current),
      this.fmt.count(matches.length),
    );
  }

  private renderRows(view: View): TemplateResult {
    const state = this.feeds.state;
    const window = this.window();
    const ctx: RowContext = {
      t: this.t,
      fmt: this.fmt,
      lineNumbers: this.lineNumbers,
      timestamps: this.timestamps,
      startMs: Date.parse(state?.run?.startedAt ?? window.at(0)?.time ?? '') || 0,
      pattern: this.pattern,
      currentMatch: this.currentMatchSeq,
      linked: this.linkedSeq,
      selection: this.selection,
      labels: this.labels,
      run: state?.run,
    };
    const rows: Row[] = [];
    for (let i = view.first; i < view.first + view.count; i++) {
      const row = view.model.rowAt(i);
      if (row) rows.push(row);
    }
    const g = view.geometry;
    const scrollTop = scrollTopFor(g, view.contentTop);
    const layerTop = view.bottomAligned ? scrollTop : scrollTop - view.offset;
    const layerHeight = view.bottomAligned ? this.viewportHeight : this.viewportHeight + view.offset;
    return html`<div class="spacer" style=${`height:${g.spacerHeight}px`}>
      <div
        class="rows${view.bottomAligned ? ' bottom' : ''}"
        style=${`transform:translateY(${layerTop}px);height:${Math.max(0, layerHeight)}px;--_row-px:${this.rowHeight}px`}
      >
        ${
          // Not keyed (`repeat`) on purpose: lit-html 3.3.1+ leaves one empty comment behind
          // for every item `repeat` removes (lit/lit#5010, #5298), and following a log removes
          // a screenful every frame (37 524 nodes after a million lines). Slots reused by
          // position also only patch the text that changed.
          rows.map((row) => {
            if (row.kind === 'header') return headerRow(row.group, row.lines, row.collapsed, ctx);
            const line = window.at(row.windowIndex);
            if (!line) return nothing;
            return lineRow(
              line,
              this.cache.get(line.seq, () => renderLine(line)),
              ctx,
            );
          })
        }
      </div>
    </div>`;
  }
}

function rowKeyString(row: Row): string {
  return row.kind === 'line' ? String(row.seq) : `g${row.group.key}`;
}

function rowKey(row: Row): { seq: number } | { group: number } {
  return row.kind === 'line' ? { seq: row.seq } : { group: row.group.key };
}

const EMPTY_WINDOW: LogWindow = {
  size: 0,
  capacity: 0,
  dropped: 0,
  at: () => undefined,
  indexOfSeq: () => -1,
  slice: () => [],
};
