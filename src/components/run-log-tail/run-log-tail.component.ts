import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isTerminalStatus, LOG_LEVELS, type LogLevel } from '../../contract/index.js';
import type { LogWindow, RunFeed, RunFeedChange } from '../../feed/types.js';
import type { RunAdapter } from '../../adapters/index.js';
import { FeedSourceController, type OwnedFeedOptions } from '../controllers/feed-source-controller.js';
import { RunLogLineLinkEvent } from '../events/run-log-line-link-event.js';
import { renderLine, type RenderedLine } from '../log-model/rendered-line.js';
import { RowModel, type Row } from '../log-model/row-model.js';
import { LruCache } from '../log-model/span-cache.js';
import { scrollTopFor } from '../log-model/viewport.js';
import { firstSeq, indexAtOrAfter, lastSeq } from '../log-model/window-search.js';
import type { LabelMap } from '../shared/phase-label.js';
import { bidiSafeText, showBidiControls } from '../shared/bidi-controls.js';
import { onOff } from './internal/converters.js';
import { labelsConverterFor } from '../shared/labels-attribute.js';
import { resolveLocale } from '../shared/locale.js';
import { ExportController } from './internal/export-controller.js';
import { FollowController, type View } from './internal/follow-controller.js';
import { LogFormat } from './internal/format.js';
import { FrameBatchedHost } from './internal/frame-host.js';
import { GroupsController } from './internal/groups-controller.js';
import { LineLinkController } from './internal/line-link-controller.js';
import { ProblemReporter } from './internal/problem-reporter.js';
import { RowMetrics } from './internal/row-metrics.js';
import { keyedRows } from '../shared/keyed-rows.js';
import { headerRow, lineRow, stickyHeader, type RowContext } from './internal/row-templates.js';
import { ReadableColoursController } from './internal/readable-colours.js';
import { FullScreenController } from './internal/full-screen-controller.js';
import { createVoice, joinVoices, leaveVoices, speaksFor } from '../shared/run-voices.js';
import { runNameOf } from '../shared/run-name.js';
import { SearchController } from './internal/search-controller.js';
import { toolbarTemplate } from './internal/toolbar-template.js';
import { mergeStrings, type RunLogTailStrings, type RunLogTailStringsInput } from './internal/strings.js';
import { runLogTailStyles } from './run-log-tail.styles.js';

/** How line times are shown. */
export type TimestampMode = 'none' | 'absolute' | 'relative';

// Parsed lines kept for scrolling back and forth: bounded in count and in characters.
const CACHE_LINES = 2_000;
const CACHE_CHARS = 2_000_000;

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
 * @csspart bidi-control - The visible marker (`<U+202E>`) drawn instead of a bidirectional control character in log text or a phase label, so text cannot reorder itself.
 * @csspart styles-cut - The note on a line with more colour changes than are drawn (the rest of it is shown uncoloured).
 * @csspart group-header - A phase group's header row; the failing phase's is also `failed-group`.
 * @csspart group-toggle - The button that collapses or opens a group.
 * @csspart sticky-header - The header of the group being read, pinned to the top of the log while its lines scroll past.
 * @csspart empty - The empty, loading or no-run message.
 * @csspart status - The status bar under the log.
 * @csspart jump - The "N new lines — jump to end" button.
 *
 * @cssproperty [--run-log-height=24rem] - Height of the log region when the element has no height of its own (given one, the log region fills what the toolbar and footer leave).
 * @cssproperty [--run-log-font-family=ui-monospace, monospace] - Log font.
 * @cssproperty [--run-log-font-size=0.8125rem] - Log font size.
 * @cssproperty [--run-log-line-height=1.5] - Log line height.
 * @cssproperty [--run-log-bg=#ffffff] - Log background (dark: #0d1117).
 * @cssproperty [--run-log-fg=#1f2328] - Log text (dark: #e6edf3); else `--run-text-color`, which themes `<run-progress>` too.
 * @cssproperty [--run-log-muted=#59636e] - Line numbers, times, chrome text; else `--run-muted-color`.
 * @cssproperty [--run-log-border=#d1d9e0] - Borders; else `--run-border-color`.
 * @cssproperty [--run-log-accent=#0969da] - Focus rings, linked line, buttons; else `--run-accent-color`.
 * @cssproperty [--run-log-error=#d1242f] - Error lines' marker and badge; else `--run-danger-color`.
 * @cssproperty [--run-log-warn=#9a6700] - Warning lines' marker and badge; else `--run-warning-color`.
 * @cssproperty [--run-log-match-bg=#fff8c5] - Search match background.
 * @cssproperty [--run-log-current-match-bg=#ffd33d] - Current search match background.
 * @cssproperty [--run-log-selected-bg=#ddf4ff] - Selected lines' background.
 * @cssproperty [--run-log-chrome-bg=#f6f8fa] - Toolbar, status bar and group header background.
 * @cssproperty --run-log-ansi-black - ANSI colour 0 (black); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-red - ANSI colour 1 (red); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-green - ANSI colour 2 (green); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-yellow - ANSI colour 3 (yellow); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-blue - ANSI colour 4 (blue); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-magenta - ANSI colour 5 (magenta); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-cyan - ANSI colour 6 (cyan); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-white - ANSI colour 7 (white); shown at 4.5:1 contrast or more on the log background.
 * @cssproperty --run-log-ansi-bright-black - ANSI colour 8 (bright black); shown at 4.5:1 contrast or more.
 * @cssproperty --run-log-ansi-bright-red - ANSI colour 9 (bright red); shown at 4.5:1 contrast or more.
 * @cssproperty --run-log-ansi-bright-green - ANSI colour 10 (bright green); shown at 4.5:1 contrast or more.
 * @cssproperty --run-log-ansi-bright-yellow - ANSI colour 11 (bright yellow); shown at 4.5:1 contrast or more.
 * @cssproperty --run-log-ansi-bright-blue - ANSI colour 12 (bright blue); shown at 4.5:1 contrast or more.
 * @cssproperty --run-log-ansi-bright-magenta - ANSI colour 13 (bright magenta); shown at 4.5:1 contrast or more.
 * @cssproperty --run-log-ansi-bright-cyan - ANSI colour 14 (bright cyan); shown at 4.5:1 contrast or more.
 * @cssproperty --run-log-ansi-bright-white - ANSI colour 15 (bright white); shown at 4.5:1 contrast or more.
 *
 * @event {RunErrorEvent} run-error - The feed stopped with a problem (`problem`: not found, not authorised…).
 * @event {RunLogLineLinkEvent} run-log-line-link - A line number was clicked (`seq`, `href` = `#<run id>:L<seq>`, `runId`).
 *
 * @attr base-url - Base URL of a run-progress-kit backend; with `run-id`, the element opens and owns its feed.
 * @attr run-id - The run to follow (with `base-url`).
 * @attr adapter - Name of an adapter registered with `registerAdapter`, for a backend that does not speak the contract.
 * @attr wrap - Wrap long lines instead of scrolling sideways.
 * @attr line-numbers - `off` hides line numbers.
 * @attr timestamps - `none` (default), `absolute` (clock time) or `relative` (since the run started).
 * @attr grouping - `off` turns phase groups off.
 * @attr toolbar - `off` hides the toolbar (for a page with controls of its own).
 * @attr collapse-finished - Collapse phase groups as their phases finish, and all but the failed one when the run ends.
 * @attr theme - `light` or `dark`; without it the page's `prefers-color-scheme` decides.
 * @attr hash-links - Scroll to `#<run id>:L<seq>` in the page address, and put a clicked line's link there (unless the address holds a fragment of the page's own).
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
  @property({ converter: labelsConverterFor('run-log-tail') }) labels: LabelMap | undefined;
  /** Words to show instead of the English defaults. */
  @property({ attribute: false }) strings: RunLogTailStringsInput | undefined;
  /** Wrap long lines. */
  @property({ type: Boolean, reflect: true }) wrap = false;
  /** Show line numbers (each line's place in the run, 1, 2, 3…; `line-numbers="off"` hides them). */
  @property({ attribute: 'line-numbers', converter: onOff }) lineNumbers = true;
  /** Show each line's time. */
  @property({ reflect: true }) timestamps: TimestampMode = 'none';
  /**
   * Show the toolbar (search, filter, levels, wrap, copy, download); `toolbar="off"` hides it,
   * for a page with controls of its own (the methods and `search-text`/`filter-text` still work).
   */
  @property({ converter: onOff }) toolbar = true;
  /**
   * Collapse each phase group once its phase is done, and every group when the run ends,
   * except the one it failed in (as GitHub Actions' log does); a group the reader opens stays open.
   */
  @property({ type: Boolean, attribute: 'collapse-finished' }) collapseFinished = false;
  /** Group lines by phase when lines carry one (`grouping="off"` shows one flat list). */
  @property({ converter: onOff }) grouping = true;
  /** Force a colour scheme. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;
  /** Follow `#<run id>:L<seq>` in the page address and set it when a line number is clicked (never over the page's own fragment). */
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

  @state() private notice: string | undefined;
  @state() private moreOpen = false;

  private readonly frameHost = new FrameBatchedHost(this, () => this.ingest());
  private readonly feeds = new FeedSourceController(this.frameHost, {
    args: () => this,
    onChange: (_state, change) => this.noteChange(change),
  });
  private readonly search = new SearchController(this, () => this.window());
  private readonly groups = new GroupsController(this);
  private readonly exporter = new ExportController(
    this,
    () => this.window(),
    () => this.follow.view?.model ?? this.buildModel(this.window()),
  );
  private readonly links = new LineLinkController(this, () => this.feeds.state?.runId);
  private readonly colours = new ReadableColoursController(this);
  private readonly fullScreen = new FullScreenController(this);
  // Says connection changes and the end of the run, unless another element showing it does.
  private readonly voice = createVoice(
    () => this.feeds.state?.runId,
    (topic) => topic !== 'progress',
  );
  private readonly metrics = new RowMetrics(this);
  private readonly problems = new ProblemReporter();
  private readonly follow = new FollowController(this, this.metrics, () => lastSeq(this.window()) ?? 0);
  private readonly cache = new LruCache<number, RenderedLine>(CACHE_LINES, (r) => r.plain.length, CACHE_CHARS);
  private t: RunLogTailStrings = mergeStrings(undefined);
  private fmt = new LogFormat('en');
  private pendingReset = true;
  private modelWindow: LogWindow | undefined;
  private modelRunId: string | undefined;
  private pendingSeq: number | undefined;
  private announced = '';
  private hashRun: string | undefined;

  /** The feed shown now (the `feed` property or the one the element opened). */
  get activeFeed(): RunFeed | undefined {
    return this.feeds.feed;
  }

  /** Number of rows (lines and group headers) the reader can scroll through. */
  get rowCount(): number {
    return this.follow.view?.model.count ?? 0;
  }

  /** Whether the view follows new lines (false once the reader scrolls up; `jumpToEnd()` follows again). */
  get following(): boolean {
    return this.follow.following;
  }

  /** Lines that arrived since the reader stopped following (0 while following). */
  get newLineCount(): number {
    return this.follow.newLineCount;
  }

  /** Seqs of the lines matching the search (all of them, not only those on screen). */
  get matchSeqs(): number[] {
    return this.search.matches?.toArray() ?? [];
  }

  /** Whether a filter or search scan over the whole window is still running. */
  get scanning(): boolean {
    return this.search.pending;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    joinVoices(this.voice);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    leaveVoices(this.voice);
    // A move re-connects within the same task; only a real leave forgets the parsed window.
    queueMicrotask(() => {
      if (!this.isConnected) this.pendingReset = true;
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
    this.links.linkedSeq = target;
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
    this.notice = undefined;
    this.follow.jumpToEnd();
  }

  /** Collapses or opens the phase group whose first line has seq `key` (a group's `key`). */
  toggleGroup(key: number, open?: boolean): void {
    this.groups.toggle(key, open);
  }

  /** Keys of the phase groups shown now, oldest first, with their phase. */
  get phaseGroups(): ReadonlyArray<{ key: number; phase: string | undefined; collapsed: boolean }> {
    const collapsed = this.groups.collapsed;
    return this.groups.groups.map((g) => ({ key: g.key, phase: g.phase, collapsed: collapsed.has(g.key) }));
  }

  /**
   * Plain text of the selected lines (chosen by clicking line numbers, shift-click to extend),
   * or of every line shown when none are selected: no escape codes, no line numbers, lines
   * off screen included.
   */
  selectedText(): string {
    return this.exporter.selectedText();
  }

  /**
   * Copies {@link selectedText} to the clipboard; resolves with the text copied. Rejects with
   * the clipboard's error when it refuses, and the copy button then says "Copy failed".
   */
  copyLines(): Promise<string> {
    return this.exporter.copy();
  }

  /** The whole retained log as plain text. */
  logBlob(): Blob {
    return this.exporter.blob();
  }

  /** Downloads the retained log as `<run id>.log`. */
  download(): void {
    this.exporter.download(this.feeds.state?.runId ?? this.runId ?? 'run');
  }

  // ---- feed ingestion (once per animation frame) ----

  private window(): LogWindow {
    return this.feeds.state?.logs ?? EMPTY_WINDOW;
  }

  private noteChange(change: RunFeedChange): void {
    if (change.logsReset) this.pendingReset = true;
  }

  /** Takes in what the feed gathered since the last frame: groups and scans only the new lines. */
  private ingest(): void {
    const state = this.feeds.state;
    const window = this.window();
    if (state?.runId !== this.modelRunId) {
      this.cache.clear();
      this.groups.forgetCollapsed();
      this.follow.restart();
      this.pendingReset = true;
    }
    const reset = this.pendingReset || window !== this.modelWindow;
    if (reset) {
      // After a reset the server may reuse seqs with other text (a store restored from an
      // older backup), so parsed lines are not trusted across it.
      this.cache.clear();
      this.search.windowReset();
    } else this.search.linesAppended();
    this.groups.update(window, reset);
    this.pendingReset = false;
    this.modelWindow = window;
    this.modelRunId = state?.runId;
    this.groups.openFailedPhase(state?.run);
    if (this.collapseFinished && this.grouping) this.groups.collapseFinished(state?.run);
    if (this.pendingSeq !== undefined && this.groups.lastGroupedSeq >= this.pendingSeq)
      this.scrollToSeq(this.pendingSeq);
  }

  // ---- layout ----

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('hashLinks')) this.links.hashLinksChanged();
    if (changed.has('strings')) this.t = mergeStrings(this.strings);
    const locale = resolveLocale(this);
    if (locale !== this.fmt.locale) this.fmt = new LogFormat(locale);
    if (changed.has('levels') || changed.has('filterText') || changed.has('searchText'))
      this.search.setQuery(
        { levels: this.levels, filterText: this.filterText, search: this.searchText },
        changed.has('searchText'),
      );
  }

  // After the controllers' `hostUpdate`: the feed source has decided which feed this update shows.
  protected override update(changed: PropertyValues<this>): void {
    if (this.modelWindow !== this.feeds.state?.logs || this.modelRunId !== this.feeds.state?.runId) this.ingest();
    this.follow.layout(this.buildModel(this.window()));
    super.update(changed);
  }

  private buildModel(window: LogWindow): RowModel {
    const grouped = this.grouping && this.groups.hasPhases;
    return new RowModel(window, grouped ? this.groups.groups : null, this.search.rows, this.groups.collapsed);
  }

  /** Scrolls to the line a third of the way down, opening its group. */
  private revealLine(seq: number): void {
    this.groups.openGroupOf(seq);
    this.follow.reveal(seq);
  }

  private stepMatch(direction: 1 | -1): void {
    const seq = this.search.step(direction, this.follow.topSeq);
    if (seq === undefined) return;
    this.requestUpdate();
    this.revealLine(seq);
  }

  // ---- DOM ----

  protected override firstUpdated(): void {
    // Measured first: a linked line is placed a third of the way down the viewport.
    this.metrics.observe();
  }

  override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Links name their run: follow the address once the run is known, and again for a new run.
    const runId = this.feeds.state?.runId;
    if (this.hashLinks && runId !== undefined && runId !== this.hashRun) this.links.followHash();
    this.hashRun = this.hashLinks ? runId : undefined;
    const problem = this.problems.observe(this.feeds.state?.runId, this.feeds.state?.problem);
    // Dispatched by reference: the manifest takes the event from the class JSDoc (@event).
    if (problem) this.dispatchEvent(problem);
    this.metrics.observe();
    const scroller = this.scroller();
    if (!scroller || !this.follow.view) return;
    this.follow.syncScroll(scroller);
    if (this.wrap) this.metrics.measureWrapped();
    this.announce();
  }

  private scroller(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.scroller');
  }

  private onScroll(): void {
    const scroller = this.scroller();
    if (scroller) this.follow.onScroll(scroller);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.exporter.clearSelection();
    else this.follow.onKeyDown(event);
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
    this.exporter.select(seq, event.shiftKey, this.links.linkedSeq);
    const href = this.links.link(seq);
    const linkEvent = new RunLogLineLinkEvent(this.feeds.state?.runId, seq, href);
    // Dispatched by reference: the manifest takes the event from the class JSDoc (@event).
    this.dispatchEvent(linkEvent);
  }

  private toggleLevel(level: LogLevel): void {
    const shown = new Set(this.levels ?? LOG_LEVELS);
    if (shown.has(level)) shown.delete(level);
    else shown.add(level);
    this.levels = shown.size === LOG_LEVELS.length ? undefined : LOG_LEVELS.filter((l) => shown.has(l));
  }

  /** Shows the element full screen, or leaves full screen (a page's own fullscreen is left alone). */
  toggleFullScreen(): Promise<void> {
    return this.fullScreen.toggle();
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
    const state = this.feeds.state;
    const ended = state?.run !== undefined && isTerminalStatus(state.run.status);
    if (!state || !speaksFor(this.voice, ended ? 'end' : 'connection')) return;
    const region = this.renderRoot.querySelector('.announce');
    if (region) region.textContent = bidiSafeText(this.t.announceFor(runNameOf(state), text));
  }

  protected override render(): TemplateResult {
    const t = this.t;
    const state = this.feeds.state;
    const window = this.window();
    const view = this.follow.view;
    const searching = this.search.searching;
    const matches = this.search.matches;
    const status = this.statusText();
    const empty = !state ? t.noRun : window.size === 0 ? (status === t.loading ? t.loading : t.empty) : undefined;
    const newLines = this.newLineCount;
    return html`<div class="frame" part="base">
      ${
        this.toolbar
          ? toolbarTemplate({
              t,
              searchText: this.searchText,
              filterText: this.filterText,
              matchCount: matches?.length ?? 0,
              countText: searching ? this.search.countText(t, this.fmt) : undefined,
              levels: this.levels,
              wrap: this.wrap,
              copyResult: this.exporter.copyResult,
              moreOpen: this.moreOpen,
              toggleMore: () => (this.moreOpen = !this.moreOpen),
              onSearchInput: (event) => this.search.onSearchInput(event),
              onSearchKey: (event) => this.search.onSearchKey(event, (d) => this.stepMatch(d)),
              onFilterInput: (event) => this.search.onFilterInput(event),
              previousMatch: () => this.previousMatch(),
              nextMatch: () => this.nextMatch(),
              toggleLevel: (level) => this.toggleLevel(level),
              toggleWrap: () => (this.wrap = !this.wrap),
              times: this.timestamps !== 'none',
              toggleTimes: () => (this.timestamps = this.timestamps === 'none' ? 'absolute' : 'none'),
              fullScreen: this.fullScreen.state,
              toggleFullScreen: () => void this.toggleFullScreen().catch(() => undefined),
              copy: () => void this.copyLines().catch(() => undefined),
              download: () => this.download(),
            })
          : nothing
      }
      ${window.dropped > 0 ? html`<div class="notice dropped" part="notice">${t.earlierNotShown(this.fmt.count(window.size))}</div>` : nothing}
      ${this.notice ? html`<div class="notice link-notice" part="notice" role="status">${this.notice}</div>` : nothing}
      <div
        class="scroller"
        part="scroller"
        dir="ltr"
        role="log"
        aria-live="off"
        aria-label=${bidiSafeText(t.logLabel(state && runNameOf(state)))}
        tabindex="0"
        @scroll=${this.onScroll}
        @wheel=${(event: WheelEvent) => this.follow.onWheel(event)}
        @keydown=${this.onKeyDown}
        @click=${this.onRowsClick}
        @copy=${(event: ClipboardEvent) => this.exporter.onCopy(event)}
      >
        ${view ? this.renderRows(view) : nothing}
        <div class="row probe" aria-hidden="true">0</div>
        ${empty ? html`<div class="empty" part="empty" dir="auto">${empty}</div>` : nothing}
      </div>
      <div class="status" part="status">
        <span class="state">${showBidiControls(status)}</span>
        ${this.search.rows ? html`<span>${t.filtered(this.fmt.count(view?.model.lineCount ?? 0), this.fmt.count(window.size))}</span>` : nothing}
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

  private renderRows(view: View): TemplateResult {
    const state = this.feeds.state;
    const window = this.window();
    const ctx: RowContext = {
      t: this.t,
      fmt: this.fmt,
      lineNumbers: this.lineNumbers,
      timestamps: this.timestamps,
      startMs: Date.parse(state?.run?.startedAt ?? window.at(0)?.time ?? '') || 0,
      pattern: this.search.pattern,
      currentMatch: this.search.currentMatchSeq,
      linked: this.links.linkedSeq,
      selection: this.exporter.selection,
      labels: this.labels,
      run: state?.run,
      runId: state?.runId,
      colours: this.colours,
    };
    const rows: Row[] = [];
    for (let i = view.first; i < view.first + view.count; i++) {
      const row = view.model.rowAt(i);
      if (row) rows.push(row);
    }
    const g = view.geometry;
    const scrollTop = scrollTopFor(g, view.contentTop);
    const layerTop = view.bottomAligned ? scrollTop : scrollTop - view.offset;
    const viewportHeight = this.metrics.viewportHeight;
    const layerHeight = view.bottomAligned ? viewportHeight : viewportHeight + view.offset;
    return html`<div class="spacer" style=${`height:${g.spacerHeight}px`}>
      ${view.bottomAligned ? nothing : stickyHeader(view.model, view.first, ctx, scrollTop, this.metrics.rowHeight)}
      <div
        class="rows${view.bottomAligned ? ' bottom' : ''}"
        style=${`transform:translateY(${layerTop}px);height:${Math.max(0, layerHeight)}px;--_row-px:${this.metrics.rowHeight}px`}
      >
        ${keyedRows(
          rows,
          (row) => (row.kind === 'line' ? row.seq : `g${row.group.key}`),
          (row) => {
            if (row.kind === 'header') return headerRow(row.group, row.lines, row.collapsed, ctx);
            const line = window.at(row.windowIndex);
            if (!line) return nothing;
            // The feed counts the run's lines before the window in `dropped` (also after a
            // reload that kept only a tail), so this is the line's place in the whole run.
            return lineRow(
              line,
              window.dropped + row.windowIndex + 1,
              this.cache.get(line.seq, () => renderLine(line)),
              ctx,
            );
          },
        )}
      </div>
    </div>`;
  }
}

const EMPTY_WINDOW: LogWindow = {
  size: 0,
  capacity: 0,
  dropped: 0,
  at: () => undefined,
  indexOfSeq: () => -1,
  slice: () => [],
};
