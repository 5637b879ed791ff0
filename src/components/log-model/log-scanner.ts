/**
 * Applies the reader's filter and search to the whole retained window, not just what is on
 * screen, without freezing the page: in time-sliced chunks on the main thread for small
 * windows, in a worker (see `scan-worker-source.ts`) for large ones. Results are seq lists,
 * so lines leaving the window from the front never invalidate them; new lines are scanned
 * as they arrive.
 * @module
 */
import type { LogWindow } from '../../feed/types.js';
import { plainText } from './ansi.js';
import { lineLevel } from './level.js';
import { isFiltering, isSearching, scanLines, toScanSpec, type LogQuery, type ScanSpec } from './query.js';
import { createScanWorker, type FromWorker, type ToWorker } from './scan-worker-source.js';
import { SeqList } from './seq-list.js';
import { firstSeq, indexAtOrAfter } from './window-search.js';

/** How a {@link LogScanner} runs. All optional. */
export interface LogScannerOptions {
  /** Runs `task` after letting the page render and handle input. Default: a macrotask. */
  schedule?: ((task: () => void) => void) | undefined;
  /** Clock for slicing, in ms. Default: `performance.now`. */
  now?: (() => number) | undefined;
  /** Main-thread work per slice, in ms (default 8: half a frame). */
  sliceMs?: number | undefined;
  /** Starts a search worker; `null` keeps all scanning on the main thread. Default: a Blob-URL worker. */
  createWorker?: (() => Worker) | null | undefined;
  /** Window size from which scans go to the worker (default 50 000 lines). */
  workerThreshold?: number | undefined;
}

// Lines copied to the worker per task: small enough that one copy stays well under a 50 ms long task.
const MIRROR_CHUNK = 5_000;
// New lines scanned at once on arrival; more than this go through the sliced scan.
const CATCH_UP_IN_SLICES = 10_000;

function defaultSchedule(task: () => void): void {
  // A MessageChannel task runs after rendering and input, without setTimeout's 4 ms clamp.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

/** Filter and search results over a log window, kept current as lines arrive and leave. */
export class LogScanner {
  /** Seqs of lines passing the filter, or `null` when nothing is filtered (all lines shown). */
  rows: SeqList | null = null;
  /** Seqs of shown lines containing the search text (empty when not searching). */
  matches = new SeqList();
  /** Whether a full scan is still running (results so far are partial). */
  pending = false;
  /** Whether the last full scan ran in the worker. */
  usedWorker = false;

  private query: LogQuery = {};
  private spec: ScanSpec = toScanSpec({});
  private generation = 0;
  private coveredSeq = 0;
  private worker: Worker | undefined;
  private mirroredSeq = 0;
  private mirrorDroppedBefore = 0;
  private pumping = false;
  private workerFailed = false;
  private readonly schedule: (task: () => void) => void;
  private readonly now: () => number;
  private readonly sliceMs: number;
  private readonly createWorker: (() => Worker) | null;
  private readonly workerThreshold: number;

  constructor(
    private readonly getWindow: () => LogWindow,
    private readonly onUpdate: () => void,
    options: LogScannerOptions = {},
  ) {
    this.schedule = options.schedule ?? defaultSchedule;
    this.now = options.now ?? (() => performance.now());
    this.sliceMs = options.sliceMs ?? 8;
    this.createWorker =
      options.createWorker === undefined
        ? typeof Worker === 'function'
          ? createScanWorker
          : null
        : options.createWorker;
    this.workerThreshold = options.workerThreshold ?? 50_000;
  }

  /** Whether any filter or search is in force. */
  get active(): boolean {
    return isFiltering(this.query) || isSearching(this.query);
  }

  /** Replaces the query and rescans the whole window. */
  setQuery(query: LogQuery): void {
    this.query = { ...query };
    this.spec = toScanSpec(query);
    this.restart();
  }

  /** The window gained lines at its end (and may have dropped some from its front). */
  linesAppended(): void {
    const window = this.getWindow();
    const first = firstSeq(window);
    if (first !== undefined) {
      this.rows?.trimBefore(first);
      this.matches.trimBefore(first);
    }
    if (this.worker) this.pumpMirror();
    if (this.active && !this.pending) {
      const from = indexAtOrAfter(window, this.coveredSeq + 1);
      if (window.size - from > CATCH_UP_IN_SLICES) {
        // A backlog (a tab coming back from the background, a burst): scan it in slices
        // rather than in one long task.
        this.pending = true;
        this.scanInSlices(this.generation);
      } else this.scanRange(from, window.size);
      this.onUpdate();
    }
  }

  /** The window was replaced: every result is rebuilt. */
  windowReset(): void {
    if (this.worker) {
      this.post({ type: 'reset' });
      this.mirroredSeq = 0;
      this.mirrorDroppedBefore = 0;
    }
    this.restart();
  }

  /** Stops scanning and ends the worker. */
  dispose(): void {
    this.generation++;
    this.stopWorker();
  }

  private restart(): void {
    const generation = ++this.generation;
    this.rows = isFiltering(this.query) ? new SeqList() : null;
    this.matches = new SeqList();
    this.coveredSeq = 0;
    if (!this.active) {
      this.pending = false;
      this.stopWorker(); // its mirror doubles the text in memory: keep it only while needed
      this.onUpdate();
      return;
    }
    this.pending = true;
    const window = this.getWindow();
    this.usedWorker = this.createWorker !== null && !this.workerFailed && window.size >= this.workerThreshold;
    if (this.usedWorker) this.scanInWorker(generation);
    else this.scanInSlices(generation);
    this.onUpdate();
  }

  private scanInSlices(generation: number): void {
    const step = (): void => {
      if (generation !== this.generation) return;
      const window = this.getWindow();
      const deadline = this.now() + this.sliceMs;
      let index = indexAtOrAfter(window, this.coveredSeq + 1);
      while (index < window.size && this.now() < deadline) {
        const end = Math.min(window.size, index + 2_000);
        this.scanRange(index, end);
        index = end;
      }
      if (index < window.size) this.schedule(step);
      else this.pending = false;
      this.onUpdate();
    };
    this.schedule(step);
  }

  /** Scans window lines `[from, to)` on this thread and appends to the results. */
  private scanRange(from: number, to: number): void {
    if (from >= to) return;
    const { seqs, texts, levels } = this.extract(from, to);
    const rows: number[] | null = this.rows ? [] : null;
    const matches: number[] = [];
    scanLines(seqs, texts, levels, 0, seqs.length, this.spec, rows, matches);
    if (rows) this.rows?.push(rows);
    this.matches.push(matches);
    this.coveredSeq = seqs[seqs.length - 1] ?? this.coveredSeq;
  }

  private extract(from: number, to: number): { seqs: number[]; texts: string[]; levels: string[] } {
    const window = this.getWindow();
    const seqs: number[] = [];
    const texts: string[] = [];
    const levels: string[] = [];
    for (let i = from; i < to; i++) {
      const line = window.at(i);
      if (!line) continue;
      const plain = plainText(line.text);
      seqs.push(line.seq);
      texts.push(plain);
      levels.push(lineLevel(line, plain));
    }
    return { seqs, texts, levels };
  }

  /** Lines as they are, for the worker to strip and level itself (the page only copies). */
  private extractRaw(from: number, to: number): { seqs: number[]; texts: string[]; levels: string[] } {
    const window = this.getWindow();
    const seqs: number[] = [];
    const texts: string[] = [];
    const levels: string[] = [];
    for (let i = from; i < to; i++) {
      const line = window.at(i);
      if (!line) continue;
      seqs.push(line.seq);
      texts.push(line.text);
      levels.push(line.level ?? '');
    }
    return { seqs, texts, levels };
  }

  private scanInWorker(generation: number): void {
    if (!this.worker && this.createWorker) {
      this.worker = this.createWorker();
      this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.workerResult(event.data);
      // A worker that cannot start (a CSP without blob:, a broken factory) must not leave the
      // search hanging: scan on this thread from then on.
      this.worker.onerror = (event) => {
        event.preventDefault?.();
        this.workerFailed = true;
        this.stopWorker();
        if (this.pending) this.restart();
      };
      this.mirroredSeq = 0;
      this.mirrorDroppedBefore = 0;
    }
    this.pumpMirror(() => {
      if (generation === this.generation) this.post({ type: 'scan', id: generation, spec: this.spec });
    });
  }

  private workerResult(result: FromWorker): void {
    if (result.id !== this.generation) return;
    const first = firstSeq(this.getWindow()) ?? 0;
    if (result.rows) this.rows = new SeqList(Array.from(result.rows));
    this.matches = new SeqList(Array.from(result.matches));
    this.rows?.trimBefore(first);
    this.matches.trimBefore(first);
    this.coveredSeq = result.coveredSeq;
    this.pending = false;
    const window = this.getWindow();
    // Lines that arrived while the worker scanned are few: finish them here.
    this.scanRange(indexAtOrAfter(window, this.coveredSeq + 1), window.size);
    this.onUpdate();
  }

  /**
   * Sends the worker the lines it lacks, a chunk per task so that copying a large window
   * never blocks the page for long; calls `done` once the mirror has caught up.
   */
  private pumpMirror(done?: () => void): void {
    const waiting: Array<() => void> = done ? [done] : [];
    const step = (): void => {
      const worker = this.worker;
      if (!worker) return;
      const window = this.getWindow();
      const first = firstSeq(window);
      if (first !== undefined && first > this.mirrorDroppedBefore) {
        this.post({ type: 'drop', before: first });
        this.mirrorDroppedBefore = first;
      }
      const from = indexAtOrAfter(window, this.mirroredSeq + 1);
      const to = Math.min(window.size, from + MIRROR_CHUNK);
      if (from < to) {
        const chunk = this.extractRaw(from, to);
        this.post({ type: 'append', ...chunk });
        this.mirroredSeq = chunk.seqs[chunk.seqs.length - 1] ?? this.mirroredSeq;
      }
      if (to < window.size) this.schedule(step);
      else {
        this.pumping = false;
        for (const fn of waiting.splice(0)) fn();
      }
    };
    if (this.pumping) {
      // A pump is under way; it will reach the end of the window, then run `done`.
      if (done) this.pendingDone.push(done);
      return;
    }
    this.pumping = true;
    this.pendingDone = waiting;
    step();
  }

  private pendingDone: Array<() => void> = [];

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.pumping = false;
    this.pendingDone = [];
  }
}
