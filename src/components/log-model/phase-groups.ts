/**
 * The retained lines split into runs of the same phase (`LogEvent.phase`), kept current as
 * lines arrive and leave. A phase that comes back later (A, B, A) is a new group. Groups are
 * seq ranges, so they survive the window sliding; `key` (the first seq the group ever had)
 * stays the same across reconnects, so a collapsed group stays collapsed.
 * @module
 */
import type { LogWindow } from '../../feed/types.js';

/** A run of consecutive lines of one phase. */
export interface PhaseGroup {
  /** Stable identity: the seq of the group's first line. */
  readonly key: number;
  /** The phase key, or `undefined` for lines sent without one. */
  readonly phase: string | undefined;
  /** Seq of the first retained line of the group. */
  firstSeq: number;
  /** Seq of its last line. */
  lastSeq: number;
  /** Time of its first line ever seen and of its last line (ISO 8601). */
  firstTime: string;
  lastTime: string;
}

/** The groups of a window, oldest first. */
export class PhaseGroups {
  groups: PhaseGroup[] = [];
  /** Whether any retained line names a phase (without one, no group headers are worth showing). */
  hasPhases = false;

  /** Rebuilds from the whole window. */
  rebuild(window: LogWindow): void {
    this.groups = [];
    this.hasPhases = false;
    this.append(window, 0);
  }

  /** Adds window lines from `fromIndex` to the end, then forgets lines that left the front. */
  append(window: LogWindow, fromIndex: number): void {
    let last = this.groups[this.groups.length - 1];
    for (let i = fromIndex; i < window.size; i++) {
      const line = window.at(i);
      if (!line) continue;
      if (last && last.phase === line.phase && line.seq > last.lastSeq) {
        last.lastSeq = line.seq;
        last.lastTime = line.time;
        continue;
      }
      if (last && line.seq <= last.lastSeq) continue; // already grouped
      last = {
        key: line.seq,
        phase: line.phase,
        firstSeq: line.seq,
        lastSeq: line.seq,
        firstTime: line.time,
        lastTime: line.time,
      };
      this.groups.push(last);
      if (line.phase !== undefined) this.hasPhases = true;
    }
    const first = window.size > 0 ? window.at(0)?.seq : undefined;
    if (first !== undefined) this.trimBefore(first);
  }

  private trimBefore(seq: number): void {
    let drop = 0;
    while (drop < this.groups.length && (this.groups[drop] as PhaseGroup).lastSeq < seq) drop++;
    if (drop > 0) this.groups.splice(0, drop);
    const head = this.groups[0];
    if (head && head.firstSeq < seq) head.firstSeq = seq;
    if (drop > 0) this.hasPhases = this.groups.some((g) => g.phase !== undefined);
  }
}
