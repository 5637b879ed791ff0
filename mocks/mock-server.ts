/**
 * The state behind one set of handlers: the scenarios' runs (each started on first
 * request), the network behaviour, and the clock. The handlers ask it; they keep no
 * state of their own beyond their connections.
 * @module
 */
import { DEFAULT_HEARTBEAT_MS } from '../src/contract/index.js';
import { MockRun } from './mock-run.js';
import type { MockNetwork, MockScenario } from './script.js';

/** What a {@link MockServer} is built from. */
export interface MockServerOptions {
  scenarios: readonly MockScenario[];
  speed: number;
  network: MockNetwork;
  now: () => number;
}

/** Runs and network of one mock backend. */
export class MockServer {
  readonly #scenarios = new Map<string, MockScenario>();
  readonly #runs = new Map<string, MockRun>();
  #firstContactAt: number | undefined;

  constructor(readonly options: MockServerOptions) {
    for (const scenario of options.scenarios) {
      if (this.#scenarios.has(scenario.id)) throw new Error(`two mock scenarios with id ${scenario.id}`);
      this.#scenarios.set(scenario.id, scenario);
    }
  }

  now(): number {
    const now = this.options.now();
    this.#firstContactAt ??= now;
    return now;
  }

  /** The run `id`, started on first use (so a test or story sees it from its beginning). */
  run(id: string): MockRun | undefined {
    let run = this.#runs.get(id);
    if (run) return run;
    const scenario = this.#scenarios.get(id);
    if (!scenario) return undefined;
    run = new MockRun(scenario, this.now(), this.options.speed);
    this.#runs.set(id, run);
    return run;
  }

  /** Every scenario's run (started now if not yet). */
  allRuns(): MockRun[] {
    return [...this.#scenarios.keys()].map((id) => this.run(id) as MockRun);
  }

  /** A scripted duration in real ms at this speed. */
  scaled(ms: number): number {
    return ms / this.options.speed;
  }

  get heartbeatMs(): number {
    return this.scaled(this.options.network.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  }

  allows(transport: 'websocket' | 'sse' | 'polling'): boolean {
    return this.options.network.transports?.includes(transport) ?? true;
  }

  /** Whether `authorization` (the header's value, or the WebSocket token) is accepted. */
  authorized(token: string | undefined): boolean {
    const wanted = this.options.network.token;
    return wanted === undefined || token === wanted;
  }

  /** Epoch ms at which the server goes down, if it does. */
  downAt(): number | undefined {
    const after = this.options.network.downAfterMs;
    if (after === undefined) return undefined;
    return (this.#firstContactAt ?? this.now()) + this.scaled(after);
  }

  isDown(now: number): boolean {
    const at = this.downAt();
    return at !== undefined && now >= at;
  }

  /** How long a stream stays open before the flaky network cuts it, if it does. */
  flapAfterMs(): number | undefined {
    const every = this.options.network.flapEveryMs;
    return every === undefined ? undefined : this.scaled(every);
  }
}
