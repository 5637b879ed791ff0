/**
 * Keeps the bar from moving backwards. Events can arrive late or a producer can report a
 * lower percent after a retry; a bar that jumps back reads as "something went wrong". The
 * displayed value only falls when the run or the phase changes (a producer may report
 * per-phase percents), or when a snapshot reset says history was replaced.
 */
export class MonotonicPercent {
  private key: string | undefined;
  private max: number | undefined;

  /**
   * The percent to display for the latest data, or `undefined` for an indeterminate bar
   * (the phase's percent is unknown and none was shown in this phase yet).
   */
  next(runId: string, phase: string | undefined, percent: number | undefined): number | undefined {
    const key = `${runId}\u0000${phase ?? ''}`;
    if (key !== this.key) {
      this.key = key;
      this.max = undefined;
    }
    if (percent === undefined) return this.max;
    this.max = this.max === undefined ? percent : Math.max(this.max, percent);
    return this.max;
  }

  /** Forgets what was shown (e.g. after the feed reloaded the run from scratch). */
  reset(): void {
    this.key = undefined;
    this.max = undefined;
  }
}
