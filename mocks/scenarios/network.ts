/**
 * The nightly import on difficult networks: flaps, polling only, a 401 before the token
 * is refreshed, and an outage. Each sets `network`, which applies to the whole mock server
 * it is served by: serve each under its own base URL.
 * @module
 */
import type { MockScenario } from '../script.js';
import { estimateOf, stepsOf, walkPhases } from './build.js';
import { importPhases } from './nightly-import.js';

const run = {
  kind: 'nightly-import',
  title: 'Nightly import 2026-11-24',
  steps: stepsOf(importPhases),
  estimate: estimateOf(importPhases),
};

/** Every stream is cut 3 scripted seconds after it opens, and every other poll fails. */
export const networkFlaps: MockScenario = {
  id: 'network-flaps',
  description: 'Streams are cut every 3 seconds and every other poll fails; the client resumes from its cursor.',
  ...run,
  timeline: walkPhases(importPhases, { end: { status: 'succeeded' } }),
  network: { flapEveryMs: 3_000 },
};

/** WebSocket and SSE are refused; only `GET /poll` works. */
export const pollingOnly: MockScenario = {
  id: 'polling-only',
  description: 'A server (or proxy) that refuses WebSocket and SSE: the client falls back to polling.',
  ...run,
  timeline: walkPhases(importPhases, { end: { status: 'succeeded' } }),
  network: { transports: ['polling'] },
};

/** The token the 401 scenario accepts; any other gets 401. */
export const FRESH_TOKEN = 'fresh-token';

/** Every request is 401 until it carries {@link FRESH_TOKEN}. */
export const unauthorizedThenRecovery: MockScenario = {
  id: 'unauthorized-then-recovery',
  description: `401 until the token getter returns "${FRESH_TOKEN}" (when asked to refresh), then a normal run.`,
  ...run,
  timeline: walkPhases(importPhases, { end: { status: 'succeeded' } }),
  network: { token: FRESH_TOKEN },
};

/** Runs for 4 scripted seconds, then the server is unreachable for good. */
export const outage: MockScenario = {
  id: 'outage',
  description: 'The server becomes unreachable 4 seconds in: the client keeps reconnecting with backoff.',
  ...run,
  timeline: walkPhases(importPhases, { end: { status: 'succeeded' } }),
  network: { downAfterMs: 4_000 },
};
