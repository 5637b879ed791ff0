/**
 * The reference backend as the chaos run needs it: one SQLite file and one port across
 * restarts (graceful SIGTERM or SIGKILL), and its memory after a forced GC on demand.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { StreamStats } from '../../server/streams/connections.js';
import { ROOT } from './proc.js';

/** Memory of the server process after a full GC, in bytes, and its streaming connections. */
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  streams: StreamStats;
}

/** The options every incarnation is started with. */
export interface ChaosServerOptions {
  sqlitePath: string;
  heartbeatMs: number;
  /** Per-connection bound on queued bytes (`limits.maxBufferedBytes`). */
  maxBufferedBytes: number;
}

/** A restartable reference backend. */
export class ChaosServer {
  #child: ChildProcess | undefined;
  #lines: ((line: string) => void)[] = [];
  #port = 0;
  #asking: Promise<unknown> = Promise.resolve();
  /** Times it was started, the first included. */
  starts = 0;
  /** The API base URL (stable across restarts). */
  url = '';

  constructor(private readonly options: ChaosServerOptions) {}

  get pid(): number {
    return this.#child?.pid ?? 0;
  }

  /** Starts an incarnation (on the port of the first one after the first). */
  async start(): Promise<void> {
    const o = this.options;
    const args = [o.sqlitePath, String(o.heartbeatMs), '25000', String(this.#port), String(o.maxBufferedBytes)];
    const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn(
      'bash',
      ['-c', `ulimit -n "$(ulimit -Hn)"; exec node --expose-gc --import tsx bench/servers/reference.ts ${quoted}`],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    createInterface({ input: child.stdout! }).on('line', (line) => this.#lines.shift()?.(line));
    const line = await this.#nextLine(20_000, () => `server did not start: ${stderr}`);
    const m = /^listening (http:\/\/127\.0\.0\.1:(\d+)\S*)/.exec(line);
    if (!m) throw new Error(`server said ${JSON.stringify(line)}: ${stderr}`);
    this.url = m[1]!;
    this.#port = Number(m[2]);
    this.starts += 1;
  }

  /** Stops the incarnation: SIGTERM (graceful, bounded at 5 s then SIGKILL) or SIGKILL (a crash). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.#lines = [];
  }

  /** Stops, then starts again on the same file and port. */
  async restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  /** Asks the server to collect garbage and report its memory (one ask at a time: signals coalesce). */
  memory(): Promise<ServerMemory> {
    const asked = this.#asking.then(() => this.#askMemory());
    this.#asking = asked.catch(() => undefined);
    return asked;
  }

  async #askMemory(): Promise<ServerMemory> {
    const answer = this.#nextLine(5000, () => 'server did not report its memory');
    this.#child!.kill('SIGUSR2');
    const line = await answer;
    if (!line.startsWith('memory ')) throw new Error(`server said ${JSON.stringify(line)}`);
    return JSON.parse(line.slice('memory '.length)) as ServerMemory;
  }

  #nextLine(ms: number, why: () => string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(why())), ms);
      this.#lines.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  }
}
