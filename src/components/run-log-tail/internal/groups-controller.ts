import type { ReactiveControllerHost } from 'lit';
import { isTerminalStatus, type RunSnapshot } from '../../../contract/index.js';
import type { LogWindow } from '../../../feed/types.js';
import { PhaseGroups, type PhaseGroup } from '../../log-model/phase-groups.js';
import { indexAtOrAfter, lastSeq } from '../../log-model/window-search.js';

/**
 * Phase groups and which of them the reader collapsed: kept current as lines arrive, opened
 * by themselves where a run failed, and opened to show a line the reader is sent to.
 */
export class GroupsController {
  private readonly phases = new PhaseGroups();
  private collapsedKeys = new Set<number>();
  private groupedSeq = 0;
  private failureOpenedFor: string | undefined;
  /** Groups `collapseFinished` has collapsed once (a group the reader opens again stays open). */
  private autoCollapsed = new Set<number>();

  constructor(private readonly host: ReactiveControllerHost) {}

  /** The groups, oldest first. */
  get groups(): readonly PhaseGroup[] {
    return this.phases.groups;
  }

  /** Whether any retained line names a phase. */
  get hasPhases(): boolean {
    return this.phases.hasPhases;
  }

  /** Keys of the collapsed groups. */
  get collapsed(): ReadonlySet<number> {
    return this.collapsedKeys;
  }

  /** Seq of the last line grouped. */
  get lastGroupedSeq(): number {
    return this.groupedSeq;
  }

  /** A new run: every group opens again. */
  forgetCollapsed(): void {
    this.autoCollapsed = new Set();
    this.setCollapsed(new Set());
  }

  /** Regroups the whole window (after a reset) or just the lines that arrived since the last call. */
  update(window: LogWindow, reset: boolean): void {
    if (reset) this.phases.rebuild(window);
    else this.phases.append(window, indexAtOrAfter(window, this.groupedSeq + 1));
    this.groupedSeq = lastSeq(window) ?? 0;
  }

  /** When the run fails, the group of the phase it failed in opens by itself (once). */
  openFailedPhase(run: RunSnapshot | undefined): void {
    if (run?.status !== 'failed' || this.failureOpenedFor === run.id) return;
    this.failureOpenedFor = run.id;
    const phase = run.error?.phase;
    if (phase === undefined) return;
    const next = new Set(this.collapsedKeys);
    for (const g of this.phases.groups) if (g.phase === phase) next.delete(g.key);
    this.setCollapsed(next);
  }

  /**
   * As GitHub Actions' log does: a group collapses once a later group has started (its phase
   * is done) and, when the run ends, every group does, except where the run failed. Each
   * group is collapsed once only, so one the reader opens again stays open.
   */
  collapseFinished(run: RunSnapshot | undefined): void {
    const groups = this.phases.groups;
    const ended = run !== undefined && isTerminalStatus(run.status);
    const failedPhase = run?.status === 'failed' ? run.error?.phase : undefined;
    let next: Set<number> | undefined;
    for (let i = 0; i < (ended ? groups.length : groups.length - 1); i++) {
      const group = groups[i]!;
      if (this.autoCollapsed.has(group.key)) continue;
      this.autoCollapsed.add(group.key);
      if (failedPhase === undefined || group.phase !== failedPhase)
        (next ??= new Set(this.collapsedKeys)).add(group.key);
    }
    if (next) this.setCollapsed(next);
  }

  /** Collapses or opens a group; without `open`, flips it. */
  toggle(key: number, open?: boolean): void {
    const next = new Set(this.collapsedKeys);
    const shouldOpen = open ?? next.has(key);
    if (shouldOpen) next.delete(key);
    else next.add(key);
    this.setCollapsed(next);
  }

  /** Opens the group holding `seq`, if it is collapsed. */
  openGroupOf(seq: number): void {
    const group = this.phases.groups.find((g) => g.firstSeq <= seq && seq <= g.lastSeq);
    if (group && this.collapsedKeys.has(group.key)) this.toggle(group.key, true);
  }

  private setCollapsed(next: Set<number>): void {
    // A new set each time: the row model is rebuilt from it on the next update.
    this.collapsedKeys = next;
    this.host.requestUpdate();
  }
}
