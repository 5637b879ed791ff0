/**
 * Shape 2: a WebSocket per session that pushes `{ step, message, step_number, total_steps }`
 * and replays every earlier message on connect. It wants `{ action: 'subscribe', session }` first.
 */
import { countedSteps, defineAdapter, type RunUpdate } from '../../src/adapters/index.js';

interface StepMessage {
  step: string;
  message: string;
  step_number: number;
  total_steps: number;
}

export function mapStepMessage(body: unknown): RunUpdate {
  const m = body as StepMessage;
  const finished = m.step === 'finished';
  const failed = m.step === 'failed';
  return {
    // Replays on reconnect carry the same step, number and text: dropped by this key.
    key: `${m.step_number}/${m.step}/${m.message}`,
    status: finished ? 'succeeded' : failed ? 'failed' : 'running',
    phase: finished || failed ? undefined : m.step,
    message: m.message,
    percent: Math.round(((finished ? m.step_number : m.step_number - 1) / m.total_steps) * 100),
    steps: countedSteps(m.step_number, m.total_steps, { finished }),
    error: failed ? { message: m.message } : undefined,
    logs: [m.message],
  };
}

export const sessionSocketAdapter = defineAdapter({
  webSocket: {
    url: '/sessions/{runId}',
    subscribe: ({ runId }) => ({ action: 'subscribe', session: runId }),
    map: mapStepMessage,
  },
});
