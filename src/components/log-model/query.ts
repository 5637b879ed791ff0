/**
 * What the reader asked to see: a level and text filter, and a search. {@link scanLines}
 * applies a query to a run of lines; it is self-contained (no imports, no outer names) so
 * the search worker can run the very same function from its source text.
 * @module
 */
import type { LogLevel } from '../../contract/index.js';
import { LOG_LEVELS } from '../../contract/index.js';

/** The reader's filter and search. Empty strings mean "none". */
export interface LogQuery {
  /** Levels shown; `undefined` shows all. */
  levels?: readonly LogLevel[] | undefined;
  /** Only lines containing this text are shown. */
  filterText?: string | undefined;
  /** Lines containing this text are highlighted and stepped through. */
  search?: string | undefined;
  /** Match case in filter and search (default: ignore case). */
  caseSensitive?: boolean | undefined;
}

/** The plain-data form of a query that crosses to the worker. */
export interface ScanSpec {
  /** Levels shown, or `null` for all. */
  levels: string[] | null;
  filter: string;
  search: string;
  caseSensitive: boolean;
}

/** Whether the query hides any line. */
export function isFiltering(query: LogQuery): boolean {
  return !!query.filterText || (query.levels !== undefined && LOG_LEVELS.some((l) => !query.levels?.includes(l)));
}

/** Whether the query searches. */
export function isSearching(query: LogQuery): boolean {
  return !!query.search;
}

/** The query as a {@link ScanSpec}. */
export function toScanSpec(query: LogQuery): ScanSpec {
  return {
    levels: isFiltering(query) && query.levels ? [...query.levels] : null,
    filter: query.filterText ?? '',
    search: query.search ?? '',
    caseSensitive: !!query.caseSensitive,
  };
}

/** A regular expression finding `text` literally (global, so it can list all matches in a line). */
export function literalPattern(text: string, caseSensitive: boolean): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), caseSensitive ? 'g' : 'gi');
}

/**
 * Applies `spec` to lines `[from, to)` of parallel arrays (seq, plain text, level) and
 * pushes the seqs of lines that pass the filter onto `rows` (when given: only while
 * filtering) and of shown lines containing the search onto `matches`.
 * Must stay self-contained: the worker runs it from `scanLines.toString()`.
 */
export function scanLines(
  seqs: ArrayLike<number>,
  texts: ArrayLike<string>,
  levels: ArrayLike<string>,
  from: number,
  to: number,
  spec: ScanSpec,
  rows: number[] | null,
  matches: number[],
): void {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flags = spec.caseSensitive ? '' : 'i';
  const filter = spec.filter ? new RegExp(escape(spec.filter), flags) : null;
  const search = spec.search ? new RegExp(escape(spec.search), flags) : null;
  const wanted = spec.levels;
  for (let i = from; i < to; i++) {
    const text = texts[i] as string;
    if (wanted && wanted.indexOf(levels[i] as string) < 0) continue;
    if (filter && !filter.test(text)) continue;
    const seq = seqs[i] as number;
    if (rows) rows.push(seq);
    if (search && search.test(text)) matches.push(seq);
  }
}
