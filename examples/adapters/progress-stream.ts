/**
 * Shape 3: a polling progress endpoint and an SSE stream without ids that sends
 * `keepalive` events, `update {stage, pct}`, `log {line}` and `finished {state, detail}`.
 */
import { defineAdapter, type MessageContext, type RunUpdate } from '../../src/adapters/index.js';

interface Progress {
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  stage: string | null;
  pct: number;
  detail: string | null;
}

const STATUS = { QUEUED: 'queued', RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed' } as const;

export function mapProgress(body: unknown): RunUpdate {
  const p = body as Progress;
  return {
    status: STATUS[p.state],
    phase: p.stage ?? undefined,
    percent: p.pct,
    error: p.state === 'FAILED' ? { message: p.detail ?? 'failed' } : undefined,
  };
}

export function mapStreamEvent(data: unknown, { event }: MessageContext): RunUpdate | undefined {
  const d = data as { stage?: string; pct?: number; line?: string; state?: Progress['state']; detail?: string };
  if (event === 'update') return { status: 'running', phase: d.stage, percent: d.pct };
  if (event === 'log') return { logs: [d.line ?? ''] };
  if (event === 'finished') return mapProgress({ state: d.state, stage: null, pct: 100, detail: d.detail ?? null });
  return undefined; // keepalive: proves the stream alive, changes nothing
}

export const progressStreamAdapter = defineAdapter({
  snapshot: { url: '/v1/runs/{runId}/progress', map: mapProgress },
  // No ids, no replay: the kit re-reads `snapshot` each time the stream opens.
  sse: { url: '/v1/runs/{runId}/stream', map: mapStreamEvent, heartbeatMs: 500 },
  poll: { url: '/v1/runs/{runId}/progress', map: mapProgress },
  transports: ['sse', 'polling'],
});
