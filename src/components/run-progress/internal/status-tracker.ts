import { isTerminalStatus, type Problem, type RunSnapshot, type RunStatus } from '../../../contract/index.js';
import { RunCompleteEvent, type FinalRunStatus } from '../../events/run-complete-event.js';
import { RunErrorEvent } from '../../events/run-error-event.js';
import { RunStatusChangeEvent } from '../../events/run-status-change-event.js';

/**
 * Turns successive feed states into the element's DOM events, each fired once per run and
 * cause: a status change, completion, a failure or a feed problem.
 */
export class StatusTracker {
  private runId: string | undefined;
  private status: RunStatus | undefined;
  private completed = false;
  private problemKey: string | undefined;

  /** The events the change from the previous state to this one calls for, in order. */
  observe(runId: string, run: RunSnapshot | undefined, problem: Problem | undefined): Event[] {
    if (runId !== this.runId) {
      this.runId = runId;
      this.status = undefined;
      this.completed = false;
      this.problemKey = undefined;
    }
    const events: Event[] = [];
    if (run && run.status !== this.status) {
      events.push(new RunStatusChangeEvent(runId, run.status, this.status));
      this.status = run.status;
      if (isTerminalStatus(run.status) && !this.completed) {
        this.completed = true;
        if (run.status === 'failed') events.push(new RunErrorEvent(runId, run.error, undefined));
        events.push(new RunCompleteEvent(runId, run.status as FinalRunStatus, run));
      }
    }
    const key = problem ? `${problem.status} ${problem.type}` : undefined;
    if (key !== undefined && key !== this.problemKey) events.push(new RunErrorEvent(runId, undefined, problem));
    this.problemKey = key;
    return events;
  }
}
