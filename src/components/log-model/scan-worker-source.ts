/**
 * The search worker, built from source text into a Blob URL so that it works with any
 * bundler (or none) and needs no separate file to serve. It keeps a mirror of the window's
 * plain text and levels, and answers scans in slices so a newer query cancels an older one.
 * The page sends lines as they are: the worker strips escapes and reads levels itself, with
 * the same functions (`lineTextTools`), so the page's thread only copies.
 * A page whose CSP forbids `blob:` workers passes its own `createWorker`, or none.
 * @module
 */
import { LOG_LEVELS } from '../../contract/index.js';
import { lineTextTools, type LineTextTools } from './line-text.js';
import { scanLines, type ScanSpec } from './query.js';

/**
 * Lines as received. Texts go as an array of strings: the clone writes each straight into
 * the message (no joined string to build and flatten on the page's heap) and each arrives
 * in its own one- or two-byte form. `levels[i]` is 0 when the line came without a level,
 * else 1 + its index in `LOG_LEVELS`. The typed arrays are transferred, not copied.
 */
export interface LineChunk {
  seqs: Float64Array;
  texts: string[];
  levels: Uint8Array;
}

/** Messages the page sends the worker. */
export type ToWorker =
  | ({ type: 'append' } & LineChunk)
  | { type: 'drop'; before: number }
  | { type: 'reset' }
  | { type: 'scan'; id: number; spec: ScanSpec };

/** The worker's answer to a scan. */
export interface FromWorker {
  type: 'result';
  id: number;
  /** Seqs passing the filter, or `null` when not filtering. */
  rows: Float64Array | null;
  matches: Float64Array;
  /** The last seq the scan covered (0: none). */
  coveredSeq: number;
}

interface WorkerScope {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker, transfer: Transferable[]): void;
}

// Runs inside the worker; self-contained like scanLines (it receives its helpers as arguments).
function workerMain(scan: typeof scanLines, tools: LineTextTools, levelNames: readonly string[]): void {
  const scope = globalThis as unknown as WorkerScope;
  let seqs: number[] = [];
  let texts: string[] = [];
  let levels: string[] = []; // '': not read yet (see readLevels)
  let base = 0; // lines before `base` were dropped
  let latest = 0;
  let scanning = 0;
  const SLICE = 50_000;
  const compact = (): void => {
    if (scanning > 0 || base === 0) return;
    seqs = seqs.slice(base);
    texts = texts.slice(base);
    levels = levels.slice(base);
    base = 0;
  };
  // Levels the line came without are read from its text only when a scan filters by level:
  // a search alone never needs them, and reading them is a good part of taking a line in.
  const readLevels = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (levels[i] === '') levels[i] = tools.levelOfPlain(texts[i] as string) ?? 'info';
  };
  const runScan = async (id: number, spec: Parameters<typeof scanLines>[5]): Promise<void> => {
    latest = id;
    scanning++;
    try {
      const end = seqs.length;
      const rows: number[] | null = spec.levels || spec.filter ? [] : null;
      const matches: number[] = [];
      for (let from = base; from < end; from += SLICE) {
        const start = Math.max(from, base);
        const stop = Math.min(end, from + SLICE);
        if (spec.levels) readLevels(start, stop);
        scan(seqs, texts, levels, start, stop, spec, rows, matches);
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (latest !== id) return;
      }
      const r = rows ? Float64Array.from(rows) : null;
      const m = Float64Array.from(matches);
      const covered = end > 0 ? (seqs[end - 1] as number) : 0;
      scope.postMessage(
        { type: 'result', id, rows: r, matches: m, coveredSeq: covered },
        r ? [r.buffer, m.buffer] : [m.buffer],
      );
    } finally {
      scanning--;
      if (base > seqs.length / 2) compact();
    }
  };
  scope.onmessage = (event) => {
    const m = event.data;
    if (m.type === 'append') {
      for (let i = 0; i < m.seqs.length; i++) {
        seqs.push(m.seqs[i] as number);
        texts.push(tools.plainText(m.texts[i] as string));
        levels.push(levelNames[(m.levels[i] as number) - 1] ?? '');
      }
    } else if (m.type === 'drop') {
      while (base < seqs.length && (seqs[base] as number) < m.before) {
        texts[base] = ''; // release the text now; the slot goes at the next compaction
        base++;
      }
      if (base > seqs.length / 2) compact();
    } else if (m.type === 'reset') {
      latest = -1;
      seqs = [];
      texts = [];
      levels = [];
      base = 0;
    } else void runScan(m.id, m.spec);
  };
}

/** The worker's JavaScript source. */
export function scanWorkerSource(): string {
  return (
    `const scanLines = (${scanLines.toString()});\n` +
    `const tools = (${lineTextTools.toString()})();\n` +
    `(${workerMain.toString()})(scanLines, tools, ${JSON.stringify(LOG_LEVELS)});\n`
  );
}

/**
 * Starts a search worker from a Blob URL. The URL is revoked when the worker is terminated
 * (revoking it at once races the worker's own fetch of its script on a busy page).
 */
export function createScanWorker(): Worker {
  const url = URL.createObjectURL(new Blob([scanWorkerSource()], { type: 'text/javascript' }));
  const worker = new Worker(url);
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    terminate();
    URL.revokeObjectURL(url);
  };
  return worker;
}
