/**
 * Shape 1: a REST resource with a status and a machine phase name, polled.
 * `GET /jobs/{id}` → `{ id, status: 'pending'|'in_progress'|'done'|'error', last_phase, progress_pct, error_message }`
 */
import { defineAdapter, type RunUpdate } from '../../src/adapters/index.js';

interface Job {
  status: 'pending' | 'in_progress' | 'done' | 'error';
  last_phase: string | null;
  progress_pct: number;
  error_message: string | null;
}

const STATUS = { pending: 'queued', in_progress: 'running', done: 'succeeded', error: 'failed' } as const;

/** Every poll is the whole state; the kit turns the difference into events. */
export function mapJob(body: unknown): RunUpdate {
  const job = body as Job;
  return {
    status: STATUS[job.status],
    phase: job.last_phase ?? undefined,
    percent: job.progress_pct,
    error: job.error_message ? { message: job.error_message, phase: job.last_phase ?? undefined } : undefined,
  };
}

export const restPhaseAdapter = defineAdapter({
  snapshot: { url: '/jobs/{runId}', map: mapJob },
  poll: { url: '/jobs/{runId}', map: mapJob, intervalMs: 500 },
});
