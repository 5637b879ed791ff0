/**
 * Problem documents for the 401/403/404 answers of backends that do not send one. The
 * feed and the elements show a stopped run through its problem; without one a missing
 * or forbidden run looked like a run that had simply not started yet.
 * @module
 */
import { ProblemType } from '../contract/problems.js';
import type { Problem } from '../contract/types.js';
import type { CloseReason } from '../transports/close-reason.js';
import type { AdapterProblem } from './types.js';

const STATUS_PROBLEMS: Readonly<Record<number, Pick<Problem, 'type' | 'title'>>> = {
  401: { type: ProblemType.Unauthorized, title: 'Not authorised' },
  403: { type: ProblemType.Forbidden, title: 'Not authorised' },
  404: { type: ProblemType.NotFound, title: 'Not found' },
};

/**
 * `reason` with a problem made from its status when the backend sent none and the status
 * is one that stops the feed for good (401, 403, 404); otherwise `reason` as it is.
 */
export function withStatusProblem(reason: CloseReason): CloseReason {
  if (reason.problem || reason.status === undefined) return reason;
  const known = STATUS_PROBLEMS[reason.status];
  if (!known) return reason;
  return { ...reason, problem: { ...known, status: reason.status, detail: reason.message } };
}

/** `reason` as the adapter's {@link AdapterProblem} says: its problem, and its status when it gives one. */
export function withAdapterProblem(reason: CloseReason, mapped: AdapterProblem): CloseReason {
  const status = mapped.status ?? reason.status ?? 0;
  const problem: Problem = {
    type: mapped.type ?? STATUS_PROBLEMS[status]?.type ?? 'about:blank',
    title: mapped.title,
    status,
    ...(mapped.detail === undefined ? {} : { detail: mapped.detail }),
  };
  return { ...reason, status, problem, message: `HTTP ${status}: ${mapped.detail ?? mapped.title}` };
}
