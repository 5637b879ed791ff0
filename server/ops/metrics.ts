/**
 * Prometheus metrics of the run server, through prom-client, in a registry of their own
 * (so an embedder's default registry is left alone and two servers in one process do not
 * collide). Labels never carry tenants, run ids or tokens: what an alert needs is the
 * transport, the route and the outcome, and unbounded label values would grow the
 * exposition without limit.
 * @module
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StreamObserver, StreamTransport } from '../streams/observer.js';

/** The routes of the request metrics: a fixed set, never a raw path. */
export type RouteLabel =
  | 'runs'
  | 'run'
  | 'events'
  | 'append'
  | 'logs'
  | 'stream'
  | 'poll'
  | 'ws'
  | 'health'
  | 'metrics'
  | 'other';

/** Options of {@link createMetrics}. */
export interface CreateMetricsOptions {
  /** Also collect the process's own metrics (CPU, memory, event-loop lag; default true). */
  processMetrics?: boolean;
  /** Prefix of every metric name (default `run_progress_`). */
  prefix?: string;
}

/** The metrics a run server updates. Create with {@link createMetrics}. */
export interface RunServerMetrics extends StreamObserver {
  /** The registry to expose (`await registry.metrics()`, `registry.contentType`). */
  readonly registry: Registry;
  /** One answered HTTP request. */
  request(method: string, route: RouteLabel, status: number, seconds: number): void;
  /** One stored append (`outcome`: `stored`, `replayed` or `refused`). */
  appended(outcome: 'stored' | 'replayed' | 'refused', seconds: number): void;
  /** A request or stream failed because the store could not answer (`full`: out of memory or space). */
  storeError(kind: 'unavailable' | 'full' | 'failed'): void;
  /** Whether the store answers (1) or not (0). */
  storeUp(up: boolean): void;
  /** A request or upgrade refused by the rate limit. */
  rateLimited(): void;
  /** 1 from the start of a drain on. */
  draining(on: boolean): void;
  /** Reads open streams by transport when scraped. */
  openStreams(read: () => Record<StreamTransport, number>): void;
}

/** Metrics in a registry of their own. */
export function createMetrics(options: CreateMetricsOptions = {}): RunServerMetrics {
  const prefix = options.prefix ?? 'run_progress_';
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });
  const registers = [registry];
  let readOpen: () => Record<StreamTransport, number> = () => ({ sse: 0, websocket: 0 });

  const requests = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'HTTP requests answered (streams: until their headers), by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const appends = new Histogram({
    name: `${prefix}append_duration_seconds`,
    help: 'Appends of events to a run, from request to answer, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  new Gauge({
    name: `${prefix}streams_open`,
    help: 'Open streaming connections by transport.',
    labelNames: ['transport'] as const,
    registers,
    collect() {
      const open = readOpen();
      this.set({ transport: 'sse' }, open.sse);
      this.set({ transport: 'websocket' }, open.websocket);
    },
  });
  const deliveries = new Counter({
    name: `${prefix}events_delivered_total`,
    help: 'Events handed to readers, by transport (poll: in poll answers).',
    labelNames: ['transport'] as const,
    registers,
  });
  const catchUps = new Counter({
    name: `${prefix}catch_up_reads_total`,
    help: 'Pages of stored events read to catch a stream up.',
    registers,
  });
  const drops = new Counter({
    name: `${prefix}slow_readers_dropped_total`,
    help: 'Streams cut off because their reader fell too far behind or went silent (they resume).',
    labelNames: ['transport'] as const,
    registers,
  });
  const refusals = new Counter({
    name: `${prefix}streams_refused_total`,
    help: 'Streams refused at a connection bound: full, principal or address.',
    labelNames: ['reason'] as const,
    registers,
  });
  const storeErrors = new Counter({
    name: `${prefix}store_errors_total`,
    help: 'Requests and streams the store could not serve: unavailable, full (out of memory) or failed.',
    labelNames: ['kind'] as const,
    registers,
  });
  const storeUp = new Gauge({
    name: `${prefix}store_up`,
    help: '1 while the run store answers, 0 while it is lost.',
    registers,
  });
  const limited = new Counter({
    name: `${prefix}rate_limited_total`,
    help: 'Requests and WebSocket upgrades refused by the rate limit.',
    registers,
  });
  const draining = new Gauge({
    name: `${prefix}draining`,
    help: '1 while the server drains before it exits.',
    registers,
  });
  storeUp.set(1);
  draining.set(0);
  // Counters with labels appear only once counted; a zero from the start lets
  // `rate()` and alerts see the first increment.
  // Deliveries are counted once per event sent, on the fan-out's hot path: bound children
  // skip prom-client's label lookup there.
  const deliveredOn = {
    sse: deliveries.labels({ transport: 'sse' }),
    websocket: deliveries.labels({ transport: 'websocket' }),
    poll: deliveries.labels({ transport: 'poll' }),
  };
  for (const child of Object.values(deliveredOn)) child.inc(0);
  for (const transport of ['sse', 'websocket']) drops.inc({ transport }, 0);
  for (const kind of ['unavailable', 'full', 'failed']) storeErrors.inc({ kind }, 0);

  return {
    registry,
    request: (method, route, status, seconds) =>
      requests.observe({ method, route, status: String(status) }, seconds),
    appended: (outcome, seconds) => appends.observe({ outcome }, seconds),
    storeError: (kind) => storeErrors.inc({ kind }),
    storeUp: (up) => storeUp.set(up ? 1 : 0),
    rateLimited: () => limited.inc(),
    draining: (on) => draining.set(on ? 1 : 0),
    openStreams(read) {
      readOpen = read;
    },
    delivered: (transport, events) => deliveredOn[transport].inc(events),
    catchUpRead: () => catchUps.inc(),
    dropped: (transport) => drops.inc({ transport }),
    refused: (reason) => refusals.inc({ reason }),
  };
}
