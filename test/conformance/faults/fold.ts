/**
 * Faults in the snapshot fold: a store decorator whose `getRun` answers the run's events
 * folded by `applyEvent` with one rule wrong, as a backend with its own fold might.
 * @module
 */
import {
  applyEvent,
  initialSnapshot,
  isTerminalStatus,
  type CreateRunInput,
  type RunEvent,
  type RunSnapshot,
} from '../../../src/contract/index.js';
import type { RunStore } from '../../../server/store/run-store.js';
import type { Fault } from './fault.js';

/** Changes the correct `next` snapshot for one rule; answers it (changed or not). */
type WrongRule = (prev: RunSnapshot, event: RunEvent, next: RunSnapshot) => RunSnapshot;

/** Runs longer than this keep their correct snapshot (refolding them would only be slow). */
const REFOLD_UP_TO = 200;

/** A store whose snapshots are folded with `rule` wrong. */
export function wrongFold(rule: WrongRule): (store: RunStore) => RunStore {
  return (store) => {
    const inits = new Map<string, CreateRunInput & { id: string }>();
    const getRun: RunStore['getRun'] = async (runId) => {
      const run = await store.getRun(runId);
      const init = inits.get(runId);
      if (!run || !init || run.snapshot.seq === 0 || run.snapshot.seq > REFOLD_UP_TO) return run;
      const page = await store.readEvents(runId, 0, REFOLD_UP_TO);
      if (!page || page.firstSeq !== 1) return run;
      let snapshot = initialSnapshot({ ...init, createdAt: run.snapshot.createdAt });
      for (const event of page.events) snapshot = rule(snapshot, event, applyEvent(snapshot, event));
      return { ...run, snapshot };
    };
    const createRun: RunStore['createRun'] = async (tenant, input, now) => {
      const created = await store.createRun(tenant, input, now);
      if (created !== 'exists') inits.set(input.id, input);
      return created;
    };
    return new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'getRun') return getRun;
        if (property === 'createRun') return createRun;
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
}

const FOLD = ['fold: random event sequences'];

/** Faults in the fold, one rule each. */
export const foldFaults: Fault[] = [
  {
    name: 'fold: a step sent without a label loses the label it had',
    breaks: 'steps merge by key: a step without label keeps the earlier one',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) => {
      if (event.type !== 'progress' || !event.steps) return next;
      return {
        ...next,
        steps: next.steps.map((s, i) => (event.steps?.[i]?.label === undefined ? withoutKey(s, 'label') : s)),
      };
    }),
  },
  {
    name: 'fold: the phase label is kept when the phase changes',
    breaks: 'a progress without label keeps the label only for the same phase',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'progress' && event.label === undefined && prev.phaseLabel !== undefined
        ? { ...next, phaseLabel: prev.phaseLabel }
        : next,
    ),
  },
  {
    name: 'fold: percent is kept when a progress event leaves it out',
    breaks: 'a progress event replaces percent (absent means unknown)',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'progress' && event.percent === undefined && prev.percent !== undefined
        ? { ...next, percent: prev.percent }
        : next,
    ),
  },
  {
    name: 'fold: message is kept when a progress event leaves it out',
    breaks: 'a progress event replaces message',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'progress' && event.message === undefined && prev.message !== undefined
        ? { ...next, message: prev.message }
        : next,
    ),
  },
  {
    name: 'fold: succeeded does not set percent to 100',
    breaks: 'succeeded sets percent 100',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'status' && event.status === 'succeeded' ? withKey(next, 'percent', prev.percent) : next,
    ),
  },
  {
    name: 'fold: a failure without error.phase does not record the phase it happened in',
    breaks: 'failed records the phase in effect in error.phase',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'status' && event.status === 'failed' && event.error?.phase === undefined && next.error
        ? { ...next, error: withoutKey(next.error, 'phase') }
        : next,
    ),
  },
  {
    name: 'fold: a terminal status leaves running steps running',
    breaks: 'a terminal status closes the steps still running',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'status' && isTerminalStatus(event.status) ? { ...next, steps: prev.steps } : next,
    ),
  },
  {
    name: 'fold: a later running status restamps startedAt',
    breaks: 'startedAt is the first start',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'status' && event.status === 'running' ? { ...next, startedAt: event.time } : next,
    ),
  },
  {
    name: 'fold: debug log lines are not counted in logLines',
    breaks: 'every log event counts one line',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'log' && event.level === 'debug' ? { ...next, logLines: prev.logLines } : next,
    ),
  },
  {
    name: 'fold: the ETA is kept after a terminal status',
    breaks: 'a terminal status clears etaMs and etaAt',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) =>
      event.type === 'status' && isTerminalStatus(event.status) && prev.etaMs !== undefined
        ? { ...next, etaMs: prev.etaMs, etaAt: prev.etaAt }
        : next,
    ),
  },
  {
    name: "fold: a step's startedAt is restamped instead of kept from before",
    breaks: 'step start times are kept from the step before, stamped only when new',
    caughtBy: FOLD,
    store: wrongFold((prev, event, next) => {
      if (event.type !== 'progress' || !event.steps) return next;
      return {
        ...next,
        steps: next.steps.map((s, i) =>
          s.state !== 'waiting' && event.steps?.[i]?.startedAt === undefined ? { ...s, startedAt: event.time } : s,
        ),
      };
    }),
  },
];

function withoutKey<T extends object>(value: T, key: keyof T): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

function withKey<T extends object, K extends keyof T>(value: T, key: K, to: T[K] | undefined): T {
  return to === undefined ? withoutKey(value, key) : { ...value, [key]: to };
}
