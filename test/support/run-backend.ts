/**
 * The reference backend on a real SQLite file, restartable on the same port, with a
 * producer that appends straight into the store (as an in-process worker would).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRunServer, type StartRunServerOptions, type StartedRunServer } from '../../server/index.js';
import { openSqliteStore, type SqliteRunStore } from '../../server/store/sqlite-store.js';
import type { RunEvent, RunEventInput, RunSnapshot } from '../../src/contract/index.js';
import { silentLogger } from '../../server/ops/logger.js';

export type BackendOptions = Omit<Partial<StartRunServerOptions>, 'store'>;

export class RunBackend {
  server!: StartedRunServer;
  store!: SqliteRunStore;
  private readonly dir = mkdtempSync(join(tmpdir(), 'rpk-feed-'));
  private port = 0;

  private constructor(private readonly options: BackendOptions) {}

  static async start(options: BackendOptions = {}): Promise<RunBackend> {
    const backend = new RunBackend(options);
    await backend.boot();
    return backend;
  }

  get url(): string {
    return this.server.url;
  }

  private async boot(): Promise<void> {
    this.store = openSqliteStore({ path: join(this.dir, 'runs.db') });
    this.server = await startRunServer({
      logger: silentLogger(),
      ...this.options,
      store: this.store,
      port: this.port,
    });
    this.port = this.server.port;
  }

  /** Stops the server and the store (a process exit), then starts both again on the same port. */
  async restart(downMs = 200): Promise<void> {
    await this.server.close();
    await this.store.close();
    await new Promise((r) => setTimeout(r, downMs));
    await this.boot();
  }

  async createRun(id: string, tenant = 'public'): Promise<void> {
    const made = await this.store.createRun(tenant, { id }, new Date());
    if (made === 'exists') throw new Error(`run ${id} exists`);
  }

  async append(runId: string, events: RunEventInput[]): Promise<void> {
    const outcome = await this.store.append(runId, events, { now: new Date() });
    if (!outcome.ok) throw new Error(`append failed: ${outcome.detail}`);
  }

  async snapshot(runId: string): Promise<RunSnapshot> {
    const run = await this.store.getRun(runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run.snapshot;
  }

  async allEvents(runId: string): Promise<RunEvent[]> {
    const out: RunEvent[] = [];
    for (;;) {
      const page = await this.store.readEvents(runId, out.length, 5000);
      if (!page || page.events.length === 0) return out;
      out.push(...page.events);
    }
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
