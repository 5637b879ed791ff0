/**
 * Applies the reader's filter and search to the whole retained window, not just what is on
 * screen, without freezing the page: in time-sliced chunks on the main thread for small
 * windows, in a worker (see `scan-worker-source.ts`) for large ones. Results are seq lists,
 * so lines leaving the window from the front never invalidate them; new lines are scanned
 * as they arrive.
 * @module
 */
import { LOG_LEVELS } from '../../contract/index.js';
import type { LogWindow } from '../../feed/types.js';
import { plainText } from './ansi.js';
import { lineLevel } from './level.js';
import { isFiltering, isSearching, scanLines, toScanSpec, type LogQuery, type ScanSpec } from './query.js';
import { createScanWorker, type FromWorker, type LineChunk, type ToWorker } from './scan-worker-source.js';
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
  /**
   * Runs `task` when the page is idle, telling it how many ms of idle time are left.
   * Default: `requestIdleCallback`, else a 50 ms timer with `sliceMs` to spend.
   */
  scheduleIdle?: ((task: (remainingMs: () => number) => void) => void) | undefined;
  /**
   * Keep the worker's copy of a large window current as lines arrive, so a search sends only
   * its query (default `true`). It costs a second copy of the text in the worker (see
   * docs/performance.md); `false` copies the window when a search starts and ends the worker
   * when the search is cleared.
   */
  mirror?: boolean | undefined;
}

// Lines per message to the worker. The page posts chunks for `sliceMs` per task, so the
// limits only keep one message's copy short (a few ms, long lines included).
const MIRROR_CHUNK = 2_000;
const MIRROR_CHUNK_CHARS = 2 ** 22;
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

function defaultScheduleIdle(task: (remainingMs: () => number) => void): void {
  // No timeout: while the page is busy (a burst of lines) the copy waits; a search that
  // starts meanwhile copies what is missing itself.
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback((deadline) => task(() => deadline.timeRemaining()));
  else setTimeout(() => task(() => Infinity), 50);
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
  private pumpScheduled: 'soon' | 'idle' | undefined;
  private pumpToken = 0;
  private pendingDone: Array<() => void> = [];
  private workerFailed = false;
  private readonly schedule: (task: () => void) => void;
  private readonly scheduleIdle: (task: (remainingMs: () => number) => void) => void;
  private readonly mirror: boolean;
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
    const schedule = options.schedule;
    this.scheduleIdle =
      options.scheduleIdle ?? (schedule ? (task) => schedule(() => task(() => Infinity)) : defaultScheduleIdle);
    this.mirror = options.mirror ?? true;
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
    this.keepMirror();
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
      this.keepMirror();
      this.onUpdate();
      return;
    }
    this.pending = true;
    const window = this.getWindow();
    this.usedWorker = this.workerAllowed && window.size >= this.workerThreshold;
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

  /**
   * Window lines from index `from` on, as they are, for the worker (which strips and levels
   * them itself: the page only copies): at most `MIRROR_CHUNK` lines or about
   * `MIRROR_CHUNK_CHARS` characters, at least one line.
   */
  private packChunk(from: number): LineChunk {
    const window = this.getWindow();
    const to = Math.min(window.size, from + MIRROR_CHUNK);
    const seqs = new Float64Array(to - from);
    const levels = new Uint8Array(to - from);
    const texts: string[] = [];
    let chars = 0;
    for (let i = from; i < to && chars < MIRROR_CHUNK_CHARS; i++) {
      const line = window.at(i);
      if (!line) break;
      seqs[texts.length] = line.seq;
      levels[texts.length] = line.level ? LOG_LEVELS.indexOf(line.level) + 1 : 0;
      texts.push(line.text);
      chars += line.text.length;
    }
    const n = texts.length;
    return n === seqs.length ? { seqs, texts, levels } : { seqs: seqs.slice(0, n), texts, levels: levels.slice(0, n) };
  }

  private scanInWorker(generation: number): void {
    this.startWorker();
    this.pumpMirror(() => {
      if (generation === this.generation) this.post({ type: 'scan', id: generation, spec: this.spec });
    });
  }

  private startWorker(): void {
    if (this.worker || !this.createWorker) return;
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
   * Has the mirror brought up to date: soon when a scan waits for it (calling `done` once it
   * has caught up), otherwise when the page is idle, so that keeping the worker's copy
   * current never competes with drawing. Each step copies packed chunks for up to `sliceMs`.
   */
  private pumpMirror(done?: () => void): void {
    if (done) this.pendingDone.push(done);
    const urgent = this.pendingDone.length > 0;
    if (this.pumpScheduled === 'soon' || (this.pumpScheduled === 'idle' && !urgent)) return;
    // A newer request supersedes a step already scheduled (an idle one a scan cannot wait for).
    const token = ++this.pumpToken;
    this.pumpScheduled = urgent ? 'soon' : 'idle';
    if (urgent)
      this.schedule(() => {
        if (token === this.pumpToken) this.pumpStep(() => Infinity);
      });
    else
      this.scheduleIdle((remainingMs) => {
        if (token === this.pumpToken) this.pumpStep(remainingMs);
      });
  }

  private pumpStep(remainingMs: () => number): void {
    this.pumpScheduled = undefined;
    const worker = this.worker;
    if (!worker) return;
    const window = this.getWindow();
    const first = firstSeq(window);
    if (first !== undefined && first > this.mirrorDroppedBefore) {
      this.post({ type: 'drop', before: first });
      this.mirrorDroppedBefore = first;
    }
    const deadline = this.now() + this.sliceMs;
    let from = indexAtOrAfter(window, this.mirroredSeq + 1);
    // A chunk takes about a millisecond: stop with that much idle time left.
    while (from < window.size && this.now() < deadline && remainingMs() > 1) {
      const chunk = this.packChunk(from);
      // Read before posting: the transfer detaches the arrays.
      const count = chunk.seqs.length;
      const last = chunk.seqs[count - 1] ?? this.mirroredSeq;
      worker.postMessage({ type: 'append', ...chunk } satisfies ToWorker, [chunk.seqs.buffer, chunk.levels.buffer]);
      from += count;
      this.mirroredSeq = last;
    }
    if (from < window.size) this.pumpMirror();
    else for (const fn of this.pendingDone.splice(0)) fn();
  }

  /**
   * Starts the worker and its standing mirror once the window is large enough for scans to
   * go there (so a search then sends only its query), and ends them when it no longer is.
   */
  private keepMirror(): void {
    if (this.mirror && this.workerAllowed && this.getWindow().size >= this.workerThreshold) {
      this.startWorker();
      this.pumpMirror();
    } else if (this.worker && !this.active) this.stopWorker();
    // While a search runs in the worker its copy stays current, for the next query.
    else if (this.worker) this.pumpMirror();
  }

  private get workerAllowed(): boolean {
    return this.createWorker !== null && !this.workerFailed;
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.pumpToken++;
    this.pumpScheduled = undefined;
    this.pendingDone = [];
  }
}
