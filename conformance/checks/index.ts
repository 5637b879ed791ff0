/**
 * Every check, in the order the suite runs them: the REST basics first, so a backend
 * that gets those wrong sees the cause before its symptoms in the streams.
 * @module
 */
import type { Check } from '../check.js';
import { authChecks } from './auth.js';
import { catchUpChecks } from './catch-up.js';
import { errorChecks } from './errors.js';
import { eventChecks } from './events.js';
import { foldChecks } from './fold-random.js';
import { headChecks } from './head.js';
import { idempotencyChecks } from './idempotency.js';
import { limitChecks } from './limits.js';
import { listChecks } from './list.js';
import { multiplexedChecks } from './multiplexed.js';
import { snapshotChecks } from './snapshot.js';
import { sseChecks } from './sse.js';
import { websocketChecks } from './websocket.js';

/** All checks of the suite. */
export const allChecks: readonly Check[] = [
  ...snapshotChecks,
  ...foldChecks,
  ...eventChecks,
  ...listChecks,
  ...idempotencyChecks,
  ...errorChecks,
  ...limitChecks,
  ...headChecks,
  ...authChecks,
  ...sseChecks,
  ...multiplexedChecks,
  ...websocketChecks,
  ...catchUpChecks,
];
