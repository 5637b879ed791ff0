/**
 * `GET /poll?runs=a:5,b:0&limit=M`: the frames that are ready now for many runs, for
 * clients that cannot hold a stream open. Same cursor rules and frames as the streams,
 * without `ready` or `heartbeat`.
 * @module
 */
import { isTerminalStatus, MAX_PAGE, ProblemType, type RunEvent, type ServerFrame } from '../../src/contract/index.js';
import type { Principal } from '../auth/principal.js';
import { HttpProblem, problem, runNotFound } from '../shared/problem.js';
import { decideCursor } from './cursor.js';
import { eventJson } from './event-json.js';
import { errorFrame, eventFrameJson } from './frames.js';
import { requireRunCursors } from './run-cursors.js';
import type { StreamServices } from './services.js';

/** Events per run in one poll when the client does not say (`?limit=`). */
export const DEFAULT_POLL_LIMIT = 1000;

/**
 * Answers the frames of one poll, at most `limits.maxPageBytes` of them (the first frame
 * always goes). Runs are read one after another, each with a fair share of what is left
 * (a run that needs less leaves the rest to those after it), so the answer and what is
 * read for it stay within the bound. A run whose frames do not all fit keeps those that
 * do, in order; the client's next poll goes on from its cursor (the events it got), so a
 * short answer loses nothing.
 */
export async function pollFrames(
  services: StreamServices,
  principal: Principal,
  query: URLSearchParams,
): Promise<ServerFrame[]> {
  const cursors = requireRunCursors(query, services.options.limits.maxRunsPerRequest);
  const limit = pollLimit(query.get('limit'));
  const maxBytes = services.options.limits.maxPageBytes;
  const frames: ServerFrame[] = [];
  let used = 0;
  for (const [i, { run, after }] of cursors.entries()) {
    const share = Math.max(1, Math.floor((maxBytes - used) / (cursors.length - i)));
    for (const frame of await pollRun(services, principal, run, after, limit, share)) {
      const size = frameBytes(frame);
      // A prefix of each run's frames: a kept event after a dropped reset would be wrong.
      if (frames.length > 0 && used + size > maxBytes) break;
      frames.push(frame);
      used += size;
    }
  }
  return frames;
}

/**
 * The poll's answer as JSON text, built from each event's cached JSON (the one its size
 * was measured on) rather than serialising every event a second time.
 */
export function pollAnswerText(frames: readonly ServerFrame[]): string {
  return `{"frames":[${frames.map(frameJson).join(',')}]}`;
}

function frameJson(frame: ServerFrame): string {
  return frame.type === 'event' ? eventFrameJson(frame.run, frame.event) : JSON.stringify(frame);
}

/** A frame's size in the answer. */
function frameBytes(frame: ServerFrame): number {
  if (frame.type === 'event') return Buffer.byteLength(eventJson(frame.event)) + FRAME_OVERHEAD + frame.run.length;
  return Buffer.byteLength(JSON.stringify(frame));
}

/** Bytes an event frame adds around its event: `{"type":"event","run":"…","event":…}`. */
const FRAME_OVERHEAD = 32;

async function pollRun(
  services: StreamServices,
  principal: Principal,
  runId: string,
  after: number,
  limit: number,
  maxBytes: number,
): Promise<ServerFrame[]> {
  const { store } = services.options;
  const run = await store.getRun(runId);
  if (!run || !(await services.access.canRead(principal, run))) return [errorFrame(runNotFound(runId), runId)];
  const frames: ServerFrame[] = [];
  let cursor = after;
  const decision = decideCursor(run, after);
  if (!decision.resume) {
    const snapshot = await services.decorate(run.snapshot, run.tenant);
    frames.push({ type: 'reset', run: runId, reason: decision.reason, snapshot });
    cursor = snapshot.seq;
  }
  if (isTerminalStatus(run.snapshot.status) && cursor >= run.snapshot.seq) {
    frames.push({ type: 'end', run: runId, seq: run.snapshot.seq, status: run.snapshot.status });
    return frames;
  }
  const page = await store.readEvents(runId, cursor, limit, { maxBytes });
  if (!page) return [...frames, errorFrame(runNotFound(runId), runId)];
  if (page.firstSeq > cursor + 1) {
    // Trimmed between the two reads: the client starts over from the next poll's reset.
    const fresh = await store.getRun(runId);
    if (!fresh) return [...frames, errorFrame(runNotFound(runId), runId)];
    frames.push({
      type: 'reset',
      run: runId,
      reason: 'trimmed',
      snapshot: await services.decorate(fresh.snapshot, fresh.tenant),
    });
    return frames;
  }
  let last: RunEvent | undefined;
  for (const event of page.events) {
    if (event.seq <= cursor) continue;
    frames.push({ type: 'event', run: runId, event });
    last = event;
  }
  if (last?.type === 'status' && isTerminalStatus(last.status))
    frames.push({ type: 'end', run: runId, seq: last.seq, status: last.status });
  return frames;
}

function pollLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_POLL_LIMIT;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) {
    throw new HttpProblem(
      problem(400, ProblemType.Malformed, `limit must be a positive integer, got ${JSON.stringify(raw)}.`),
    );
  }
  return Math.min(Number(raw), MAX_PAGE);
}
