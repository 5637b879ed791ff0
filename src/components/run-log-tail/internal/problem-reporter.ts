import type { Problem } from '../../../contract/index.js';
import { RunErrorEvent } from '../../events/run-error-event.js';

/**
 * The log tail's `run-error` for a feed that stopped with a problem (not found, not
 * authorised…), once per run and problem: a page listening on either element hears it.
 */
export class ProblemReporter {
  private runId: string | undefined;
  private key: string | undefined;

  /** The event the state calls for, if its problem is new for the run. */
  observe(runId: string | undefined, problem: Problem | undefined): RunErrorEvent | undefined {
    if (runId !== this.runId) {
      this.runId = runId;
      this.key = undefined;
    }
    const key = problem ? `${problem.status} ${problem.type}` : undefined;
    const isNew = key !== undefined && key !== this.key;
    this.key = key;
    return isNew && runId !== undefined ? new RunErrorEvent(runId, undefined, problem) : undefined;
  }
}
