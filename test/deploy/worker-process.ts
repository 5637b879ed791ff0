/**
 * A worker of the reference backend as production runs it: `server/cli.ts` in its own
 * process on a fixed port, configured through the environment only.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../server/cli.ts');

/** One running worker. */
export class WorkerProcess {
  #child: ChildProcess | undefined;
  #output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits for `/readyz`. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
      env: { ...process.env, PORT: '', RUN_PORT: String(this.port), RUN_LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    child.stdout!.on('data', (d: Buffer) => (this.#output += String(d)));
    child.stderr!.on('data', (d: Buffer) => (this.#output += String(d)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`worker ${this.port} exited: ${this.#output}`);
      const ready = await fetch(`${this.url}/readyz`).then(
        (res) => res.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`worker ${this.port} not ready: ${this.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends `signal` and resolves with the exit code (null when killed by the signal). */
  async stop(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  /** What the worker wrote (for failure messages). */
  get output(): string {
    return this.#output;
  }
}
