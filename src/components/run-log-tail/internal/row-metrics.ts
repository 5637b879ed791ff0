import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What measuring needs from its element. */
export interface RowMetricsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly isConnected: boolean;
}

// Wrapped row heights remembered (by row key) before the map starts over.
const MAX_REMEMBERED_HEIGHTS = 10_000;

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
    this.viewportHeight = scroller.clientHeight;
    if (height > 0) this.rowHeight = height;
    if (changed) this.host.requestUpdate();
  }

  /** Wrapped rows vary in height: the scroll geometry uses the average of those drawn. */
  measureWrapped(): void {
    const rows = this.host.renderRoot.querySelectorAll<HTMLElement>('.rows > .row');
    if (rows.length === 0) return;
    let total = 0;
    if (this.heights.size > MAX_REMEMBERED_HEIGHTS) this.heights.clear();
    for (const row of rows) {
      const h = row.getBoundingClientRect().height;
      total += h;
      const key = row.dataset.seq ?? (row.dataset.group === undefined ? undefined : `g${row.dataset.group}`);
      if (key !== undefined) this.heights.set(key, h);
    }
    const average = total / rows.length;
    if (Math.abs(average - this.wrapRowHeight) / this.wrapRowHeight > 0.1) {
      this.wrapRowHeight = average;
      this.host.requestUpdate();
    }
  }

  private scroller(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('.scroller');
  }
}
