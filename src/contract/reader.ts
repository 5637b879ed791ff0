/**
 * The one port through which a client reads a run over request/response: the snapshot, a
 * page of events after a cursor, and the log tail. The contract's REST endpoints implement
 * it (`restReader` in the feed), and so does an adapter over a backend of another shape;
 * the run feed depends on this interface alone, so tests script it. Types only.
 * @module
 */
import type { EventPage, LogTail, RunSnapshot } from './types.js';

/** What the run feed reads over request/response (the contract's REST endpoints, or an adapter). */
export interface RunReader {
  /** The run's snapshot (`GET /runs/{id}`). */
  snapshot(runId: string): Promise<RunSnapshot>;
  /** The events after seq `after`, one page (`GET /runs/{id}/events?after=`). */
  events(runId: string, after: number): Promise<EventPage>;
  /** The last `count` log lines (`GET /runs/{id}/logs?tail=`). */
  logTail(runId: string, count: number): Promise<LogTail>;
}
