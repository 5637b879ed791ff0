import type { ReactiveControllerHost } from 'lit';
import type { RowModel, Row } from '../../log-model/row-model.js';
import {
  contentTopFor,
  maxContentTop,
  scrollGeometry,
  scrollTopFor,
  visibleRange,
  type ScrollGeometry,
} from '../../log-model/viewport.js';
import type { RowMetrics } from './row-metrics.js';

/** Where the view is anchored while the reader is not following: a row and how far it is scrolled off. */
type Anchor = { seq: number; offset: number } | { group: number; offset: number };

/** The rows to draw now and where. */
export interface View {
  model: RowModel;
  geometry: ScrollGeometry;
  contentTop: number;
  first: number;
  offset: number;
  count: number;
  /** Render the last rows aligned to the bottom (following with wrapped rows of unknown height). */
  bottomAligned: boolean;
}

/** What following needs from its element. */
export interface FollowHost extends ReactiveControllerHost {
  readonly wrap: boolean;
}

/** The key of a row in measured heights and anchors. */
export function rowKeyString(row: Row): string {
  return row.kind === 'line' ? String(row.seq) : `g${row.group.key}`;
}

function rowKey(row: Row): { seq: number } | { group: number } {
  return row.kind === 'line' ? { seq: row.seq } : { group: row.group.key };
}

/**
 * Follow and pause: the view follows the end until the reader scrolls, pages or wheels up;
 * from then on it stays anchored to the row at its top (by seq, so lines arriving or leaving
 * the window never move it) until the reader comes back to the end. Turns scroll, wheel and
 * key input into that state, and that state into the rows to draw ({@link View}).
 */
export class FollowController {
  /** The layout of the last update. */
  view: View | undefined;
  private followingNow = true;
  private unfollowSeq = 0;
  private anchor: Anchor | undefined;
  private contentTop = 0;
  private expectedScrollTop: number | undefined;
  private pendingWrapDelta = 0;

  /** Whether the view follows new lines (false once the reader scrolls up); a change re-renders the host. */
  get following(): boolean {
    return this.followingNow;
  }

  private set following(value: boolean) {
    if (value === this.followingNow) return;
    this.followingNow = value;
    this.host.requestUpdate();
  }

  constructor(
    private readonly host: FollowHost,
    private readonly metrics: RowMetrics,
    /** Seq of the newest line retained (0 when none). */
    private readonly lastSeq: () => number,
  ) {}

  /** Lines that arrived since the reader stopped following (0 while following). */
  get newLineCount(): number {
    const model = this.view?.model;
    if (this.following || !model) return 0;
    return model.lineCount - model.linePosition(this.unfollowSeq + 1);
  }

  /** Seq of the line at the top of the view (0 when a header or nothing is there). */
  get topSeq(): number {
    const top = this.view?.model.rowAt(this.view.first);
    return top?.kind === 'line' ? top.seq : 0;
  }

  /** A new run: follow its end. */
  restart(): void {
    this.following = true;
    this.anchor = undefined;
  }

  /** Starts following again: scrolls to the end and keeps up with new lines. */
  jumpToEnd(): void {
    this.following = true;
    this.anchor = undefined;
    this.host.requestUpdate();
  }

  /** Scrolls so the line with this seq sits a third of the way down. */
  reveal(seq: number): void {
    // Through setFollowing, so "N new lines" counts from here: set directly, the count ran
    // from the start of the log and a finished run claimed every line was new (issue 15).
    this.setFollowing(false);
    this.anchor = { seq, offset: -Math.floor(this.metrics.viewportHeight / 3) };
    this.host.requestUpdate();
  }

  /** Computes {@link view} for `model` (before each render). */
  layout(model: RowModel): void {
    if (this.pendingWrapDelta !== 0) this.applyWrapDelta();
    const { rowHeight: lineHeight, viewportHeight } = this.metrics;
    const wrap = this.host.wrap;
    const following = this.following;
    const rowHeight = wrap ? Math.max(lineHeight, this.metrics.wrapRowHeight) : lineHeight;
    const geometry = scrollGeometry(model.count, rowHeight, viewportHeight);
    const max = maxContentTop(geometry);
    const anchorRow = following || !this.anchor ? -1 : anchorRowOf(model, this.anchor);
    // Wrapped rows differ in height: an anchor there says exactly where its row's top is, so
    // it is drawn as it says, and the scroll position only follows it approximately.
    const exact =
      wrap && this.anchor !== undefined && this.anchor.offset >= 0 && anchorRow >= 0 && anchorRow < model.count;
    let contentTop: number;
    if (following) contentTop = max;
    else if (this.anchor)
      contentTop = anchorRow * rowHeight + (exact ? Math.min(this.anchor.offset, rowHeight) : this.anchor.offset);
    else contentTop = this.contentTop;
    contentTop = Math.min(max, Math.max(0, contentTop));
    this.contentTop = contentTop;
    const range = exact
      ? { first: anchorRow, offset: this.anchor?.offset ?? 0, count: 0 }
      : visibleRange(geometry, contentTop);
    const bottomAligned = wrap && following;
    // Wrapped rows are at least one line tall, so this many always fill the viewport. Counted
    // from the end when bottom-aligned, so which rows are drawn does not depend on the
    // average height they are measured for (that loop froze the tab: issue 13, item 5).
    const fill = Math.ceil((viewportHeight + (bottomAligned ? 0 : range.offset)) / lineHeight) + 1;
    const count = !wrap ? range.count : Math.min(bottomAligned ? model.count : model.count - range.first, fill);
    const first = bottomAligned ? Math.max(0, model.count - count) : range.first;
    this.view = { model, geometry, contentTop, first, offset: range.offset, count, bottomAligned };
    if (!following && !bottomAligned) {
      const row = model.rowAt(range.first);
      this.anchor = row ? { ...rowKey(row), offset: range.offset } : undefined;
    }
  }

  /** Puts the scroller where the view says (after each render), remembering it was us. */
  syncScroll(scroller: HTMLElement): void {
    const view = this.view;
    if (!view) return;
    const top = scrollTopFor(view.geometry, view.contentTop);
    if (Math.abs(scroller.scrollTop - top) > 0.5) {
      scroller.scrollTop = top;
      this.expectedScrollTop = scroller.scrollTop;
    }
  }

  /** The reader scrolled (not us): follow when at the end, else hold this position. */
  onScroll(scroller: HTMLElement): void {
    const view = this.view;
    if (!view) return;
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
    this.host.requestUpdate();
  }

  /**
   * Above the height ceiling one scroll pixel is `scale` content pixels, which would make the
   * wheel race; there the wheel moves the content by its own delta instead. (Dragging the
   * scrollbar stays scaled: it must reach every line.) Wrapped rows always scroll by the
   * wheel's pixels through their real heights.
   */
  onWheel(event: WheelEvent): void {
    const view = this.view;
    if (!view || event.ctrlKey || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
    if (!this.host.wrap && view.geometry.scale <= 1.01) return;
    const unit =
      event.deltaMode === WheelEvent.DOM_DELTA_LINE
        ? this.metrics.rowHeight
        : event.deltaMode === WheelEvent.DOM_DELTA_PAGE
          ? this.metrics.viewportHeight
          : 1;
    event.preventDefault();
    this.scrollByPixels(event.deltaY * unit);
  }

  /** Page, arrow, Home and End keys; returns whether the key was one of them. */
  onKeyDown(event: KeyboardEvent): boolean {
    const { rowHeight, viewportHeight } = this.metrics;
    const page = Math.max(rowHeight, viewportHeight - rowHeight);
    switch (event.key) {
      case 'PageDown':
        this.scrollByPixels(page);
        break;
      case 'PageUp':
        this.scrollByPixels(-page);
        break;
      case 'ArrowDown':
        this.scrollByPixels(rowHeight);
        break;
      case 'ArrowUp':
        this.scrollByPixels(-rowHeight);
        break;
      case 'Home':
        this.setFollowing(false);
        this.contentTop = 0;
        this.anchor = undefined;
        this.host.requestUpdate();
        break;
      case 'End':
        this.jumpToEnd();
        break;
      default:
        return false;
    }
    event.preventDefault();
    return true;
  }

  private setFollowing(following: boolean): void {
    if (following === this.following) return;
    if (!following) this.unfollowSeq = this.lastSeq();
    this.following = following;
  }

  private scrollByPixels(delta: number): void {
    const view = this.view;
    if (!view) return;
    if (this.host.wrap) {
      // Several wheel events can land in one frame: add them up and apply them once, from
      // the layout the reader is looking at.
      this.pendingWrapDelta += delta;
      this.host.requestUpdate();
      return;
    }
    const max = maxContentTop(view.geometry);
    // `contentTop` rather than the view's: several key or wheel events can land in one frame.
    const next = Math.min(max, Math.max(0, (this.following ? max : this.contentTop) + delta));
    this.setFollowing(next >= max);
    this.contentTop = next;
    this.anchor = undefined;
    this.host.requestUpdate();
  }

  /**
   * Scrolls wrapped rows by real pixels, walking the heights of the rows drawn (rows not
   * drawn yet count as the average), so a tall wrapped line scrolls like any text.
   */
  private applyWrapDelta(): void {
    const delta = this.pendingWrapDelta;
    this.pendingWrapDelta = 0;
    const view = this.view;
    if (!view || delta === 0) return;
    const model = view.model;
    const viewport = this.metrics.viewportHeight;
    const estimate = Math.max(this.metrics.rowHeight, this.metrics.wrapRowHeight);
    const height = (index: number): number => {
      const row = model.rowAt(index);
      return row ? this.metrics.heightOf(rowKeyString(row), estimate) : estimate;
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
}

function anchorRowOf(model: RowModel, anchor: Anchor): number {
  if ('group' in anchor) return Math.max(0, model.rowOfGroup(anchor.group));
  const row = model.rowOfSeq(anchor.seq);
  return row < 0 ? model.count : row;
}
