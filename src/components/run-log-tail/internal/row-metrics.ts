import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What measuring needs from its element. */
export interface RowMetricsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly isConnected: boolean;
}

// Wrapped row heights remembered (by row key) before the map starts over.
const MAX_REMEMBERED_HEIGHTS = 10_000;
// Layouts that measuring may ask for in one task. The average settles in one or two (it
// moves only when a row is measured for the first time or changed height); this bounds it
// whatever the page's CSS does, so measuring can never keep the main thread (issue 13, item 5).
const MAX_MEASURE_LAYOUTS_PER_TASK = 3;

/**
 * The sizes the virtual scroll is computed from: the viewport's height and a row's height
 * (from a hidden probe row, so fonts and the page's CSS decide), and for wrapped rows, the
 * real heights of the rows drawn recently and their average. Layout is read only here: on
 * resize, and after drawing wrapped rows.
 */
export class RowMetrics implements ReactiveController {
  /** Height of one unwrapped row, in px. */
  rowHeight = 20;
  /** Average height of the wrapped rows drawn, in px. */
  wrapRowHeight = 20;
  /** Height of the scrolling region, in px. */
  viewportHeight = 0;
  /** Measured heights of wrapped rows drawn recently, by row key. */
  private readonly heights = new Map<string, number>();
  /** Sum of {@link heights}, for their average. */
  private heightSum = 0;
  /** Width the heights were measured at. */
  private width = 0;
  private layoutsThisTask = 0;
  private observer: ResizeObserver | undefined;

  constructor(private readonly host: RowMetricsHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  /** Starts watching the scroller's size once it is drawn (again after a reconnect). */
  observe(): void {
    if (this.observer || !this.host.isConnected) return;
    const scroller = this.scroller();
    if (!scroller) return;
    this.observer = new ResizeObserver(() => this.measure());
    this.observer.observe(scroller);
    this.measure();
  }

  /** Height of the row with this key: measured when drawn wrapped, else the estimate. */
  heightOf(key: string, estimate: number): number {
    return this.heights.get(key) ?? estimate;
  }

  /** Reads the viewport and the probe row; asks for a new layout when either changed. */
  measure(): void {
    const scroller = this.scroller();
    const probe = this.host.renderRoot.querySelector<HTMLElement>('.probe');
    if (!scroller) return;
    const height = probe?.getBoundingClientRect().height ?? 0;
    const changed =
      scroller.clientHeight !== this.viewportHeight || (height > 0 && Math.abs(height - this.rowHeight) > 0.01);
    // Rows wrap differently at another width: heights measured at the old one no longer hold.
    if (scroller.clientWidth !== this.width) this.forgetHeights();
    this.width = scroller.clientWidth;
    this.viewportHeight = scroller.clientHeight;
    if (height > 0) this.rowHeight = height;
    if (changed) this.host.requestUpdate();
  }

  /**
   * Wrapped rows vary in height: the scroll geometry uses the average of the rows measured
   * so far (up to {@link MAX_REMEMBERED_HEIGHTS}), not of the rows drawn now. Which rows are
   * drawn depends on that average, so an average of the drawn rows alone could feed back on
   * itself and never settle (one tall row among short ones drawn, then not, then drawn…);
   * the average over every row measured moves only when a row is seen for the first time or
   * changes height, which a given set of lines does a bounded number of times.
   */
  measureWrapped(): void {
    const rows = this.host.renderRoot.querySelectorAll<HTMLElement>('.rows > .row');
    if (rows.length === 0) return;
    if (this.heights.size > MAX_REMEMBERED_HEIGHTS) this.forgetHeights();
    let learned = false;
    for (const row of rows) {
      const key = row.dataset.seq ?? (row.dataset.group === undefined ? undefined : `g${row.dataset.group}`);
      if (key === undefined) continue;
      const h = row.getBoundingClientRect().height;
      const before = this.heights.get(key);
      if (before !== undefined && Math.abs(before - h) < 0.5) continue;
      this.heightSum += h - (before ?? 0);
      this.heights.set(key, h);
      learned = true;
    }
    if (!learned || this.heights.size === 0) return;
    const average = this.heightSum / this.heights.size;
    if (Math.abs(average - this.wrapRowHeight) / this.wrapRowHeight <= 0.1) return;
    this.wrapRowHeight = average;
    if (this.layoutsThisTask === 0) setTimeout(() => (this.layoutsThisTask = 0));
    if (++this.layoutsThisTask <= MAX_MEASURE_LAYOUTS_PER_TASK) this.host.requestUpdate();
  }

  private forgetHeights(): void {
    this.heights.clear();
    this.heightSum = 0;
  }

  private scroller(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.scroller');
  }
}
