/**
 * Scripted runs as data: a run's identity plus a timeline of events at offsets in ms from
 * the run's start. Deterministic (the same script always yields the same events with the
 * same seqs) and speed-controllable (the handlers divide every offset by `speed`).
 * @module
 */
import type { LogEvent, ProgressEvent, RunEstimate, StatusEvent } from '../src/contract/index.js';

/** An event as a script states it: the handlers stamp `seq` and `time` when they play it. */
export type ScriptEvent =
  Omit<ProgressEvent, 'seq' | 'time'> | Omit<LogEvent, 'seq' | 'time'> | Omit<StatusEvent, 'seq' | 'time'>;

/** One entry of a timeline: `event` happens `at` ms after the run starts. */
export interface TimelineEntry {
  at: number;
  event: ScriptEvent;
}

/** How the mock server behaves on the network (applies to every run it serves). */
export interface MockNetwork {
  /** Transports the server serves; the others are refused (default: all three). */
  transports?: ReadonlyArray<'websocket' | 'sse' | 'polling'> | undefined;
  /** Cut every open stream this long after it opened, and fail every other poll (a flaky network). */
  flapEveryMs?: number | undefined;
  /** Only this bearer token is accepted; anything else (or none) gets 401. */
  token?: string | undefined;
  /** Interval of stream heartbeats (default 15 000, as the reference server). */
  heartbeatMs?: number | undefined;
  /** After this long the server is unreachable: streams are cut and every request fails. */
  downAfterMs?: number | undefined;
}

/** A scripted run and, optionally, the network it is best shown on. */
export interface MockScenario {
  /** The run id the handlers serve this script under. */
  id: string;
  /** What the scenario shows, in words (for docs and story descriptions). */
  description: string;
  kind?: string | undefined;
  title?: string | undefined;
  /** The run's checklist, as `POST /runs` would create it. */
  steps?: ReadonlyArray<{ key: string; label?: string | undefined }> | undefined;
  /** Per-step estimates served on the snapshot (drives ETAs per step). */
  estimate?: RunEstimate | undefined;
  /** The events, `at` not decreasing. A timeline without a terminal status leaves the run where it stops. */
  timeline: readonly TimelineEntry[];
  /**
   * Network behaviour this scenario needs (polling only, flaps, 401...). It applies to the
   * whole mock server the scenario is served by, so give such scenarios their own base URL.
   */
  network?: MockNetwork | undefined;
}
