/**
 * The rows the reader can scroll through: group headers and the lines shown (all retained
 * lines, or only those passing the filter), minus collapsed groups. Built in O(groups ·
 * log lines) from seq ranges, never by listing a million rows, so it can be rebuilt on
 * every change.
 * @module
 */
import type { LogWindow } from '../../feed/types.js';
import type { PhaseGroup } from './phase-groups.js';
import type { SeqList } from './seq-list.js';
import { indexAtOrAfter } from './window-search.js';

/** A row: a group header or a log line. */
export type Row =
  | { kind: 'header'; group: PhaseGroup; lines: number; collapsed: boolean }
  | { kind: 'line'; seq: number; windowIndex: number };

interface Section {
  group: PhaseGroup | undefined;
  /** Row index of the section's first row (its header when shown). */
  rowStart: number;
  /** Position of its first line among the lines shown. */
  lineStart: number;
  lineCount: number;
  header: boolean;
  collapsed: boolean;
}

/** Rows over a window, its groups, a filter result and the collapsed groups. */
export class RowModel {
  /** Number of rows. */
  readonly count: number;
  /** Number of lines shown (before collapsing). */
  readonly lineCount: number;
  private readonly sections: Section[] = [];

  constructor(
    private readonly window: LogWindow,
    groups: readonly PhaseGroup[] | null,
    private readonly filtered: SeqList | null,
    collapsed: ReadonlySet<number>,
  ) {
    this.lineCount = filtered ? filtered.length : window.size;
    if (!groups) {
      this.sections.push({
        group: undefined,
        rowStart: 0,
        lineStart: 0,
        lineCount: this.lineCount,
        header: false,
        collapsed: false,
      });
      this.count = this.lineCount;
      return;
    }
    let row = 0;
    for (const group of groups) {
      const start = this.linePosition(group.firstSeq);
      const count = this.linePosition(group.lastSeq + 1) - start;
      if (count === 0) continue; // every line of it filtered out or gone
      const isCollapsed = collapsed.has(group.key);
      this.sections.push({
        group,
        rowStart: row,
        lineStart: start,
        lineCount: count,
        header: true,
        collapsed: isCollapsed,
      });
      row += 1 + (isCollapsed ? 0 : count);
    }
    this.count = row;
  }

  /** The row at `index`, or `undefined` out of range. */
  rowAt(index: number): Row | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const section = this.sectionOfRow(index);
    if (!section) return undefined;
    let offset = index - section.rowStart;
    if (section.header) {
      if (offset === 0)
        return {
          kind: 'header',
          group: section.group as PhaseGroup,
          lines: section.lineCount,
          collapsed: section.collapsed,
        };
      offset -= 1;
    }
    return this.lineAt(section.lineStart + offset);
  }

  /** The shown line at `position` (0 = first shown line). */
  lineAt(position: number): { kind: 'line'; seq: number; windowIndex: number } | undefined {
    if (this.filtered) {
      const seq = this.filtered.at(position);
      if (seq === undefined) return undefined;
      return { kind: 'line', seq, windowIndex: this.window.indexOfSeq(seq) };
    }
    const line = this.window.at(position);
    return line ? { kind: 'line', seq: line.seq, windowIndex: position } : undefined;
  }

  /** Position among the shown lines of the first with seq ≥ `seq`. */
  linePosition(seq: number): number {
    return this.filtered ? this.filtered.lowerBound(seq) : indexAtOrAfter(this.window, seq);
  }

  /**
   * Row index of the first shown line with seq ≥ `seq`, or of its group's header when that
   * group is collapsed; `-1` when no such line is shown.
   */
  rowOfSeq(seq: number): number {
    const position = this.linePosition(seq);
    if (position >= this.lineCount) return -1;
    for (const s of this.sections) {
      if (position < s.lineStart + s.lineCount) {
        if (s.collapsed) return s.rowStart;
        return s.rowStart + (s.header ? 1 : 0) + (position - s.lineStart);
      }
    }
    return -1;
  }

  /** Row index of the header of the group with this key, or `-1` when it is not shown. */
  rowOfGroup(key: number): number {
    return this.sections.find((s) => s.group?.key === key)?.rowStart ?? -1;
  }

  /** The group holding the shown line with this seq, if grouped. */
  groupOfSeq(seq: number): PhaseGroup | undefined {
    return this.sections.find((s) => s.group && s.group.firstSeq <= seq && seq <= s.group.lastSeq)?.group;
  }

  /** Seqs of the shown lines from position `from` to `to` (exclusive), collapsed groups included. */
  *seqs(from = 0, to = this.lineCount): Generator<number> {
    for (let p = from; p < to; p++) {
      const line = this.lineAt(p);
      if (line) yield line.seq;
    }
  }

  private sectionOfRow(index: number): Section | undefined {
    let lo = 0;
    let hi = this.sections.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.sections[mid] as Section).rowStart <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.sections[lo];
  }
}
