// Every entry of the three packages imported and its main types named, compiled with
// skipLibCheck off under `moduleResolution` bundler and node16 (tsconfig.*.json).
import {
  RunLogTail,
  RunProgress,
  type RunStatusChangeEvent,
  type LabelMap,
  type RetryPolicy,
  type TokenGetter,
} from 'run-progress-kit';
import { RunProgress as OnlyProgress } from 'run-progress-kit/run-progress';
import { RunLogTail as OnlyTail } from 'run-progress-kit/run-log-tail';
import { watchRun, createRunClient, TransportError, type Clock, type RunFeed } from 'run-progress-kit/feed';
import { applyEvent, initialSnapshot, validate, type RunSnapshot, type RunEvent } from 'run-progress-kit/contract';
import { defineAdapter, registerAdapter, type RunAdapter } from 'run-progress-kit/adapters';
import { RunProgress as ReactProgress, useRun, type RunProgressProps } from 'run-progress-kit/react';
import { createRunHandlers, type MockScenario } from 'run-progress-kit/mocks';
import { server } from 'run-progress-kit/mocks/node';
import { worker } from 'run-progress-kit/mocks/browser';
import {
  createRunServer,
  openSqliteStore,
  openRedisStore,
  openStore,
  StoreUnavailableError,
  type RunStore,
  type RunServerOptions,
} from '@run-progress-kit/server';
import { runConformance, type CheckResult } from '@run-progress-kit/conformance';

const tags: Array<typeof HTMLElement> = [RunProgress, RunLogTail, OnlyProgress, OnlyTail];
const retry: RetryPolicy = { nextRetryDelay: () => 1_000 };
const token: TokenGetter = async () => 'secret';
const labels: LabelMap = { build: 'Building' };
const onStatus = (e: RunStatusChangeEvent): string => e.status;
const feed: RunFeed = watchRun({ baseUrl: '/api', runId: 'r', retryPolicy: retry, getToken: token });
const client = createRunClient({ baseUrl: '/api' });
const clock: Clock | undefined = undefined;
const snapshot: RunSnapshot = initialSnapshot({ id: 'r', createdAt: new Date(0).toISOString() });
const event: RunEvent = { type: 'log', seq: 1, time: new Date(0).toISOString(), text: 'hello' };
const next: RunSnapshot = applyEvent(snapshot, event);
const checked = validate;
const adapter: RunAdapter = defineAdapter({ snapshot: { url: '/x/{runId}', map: () => ({}) } });
const props: RunProgressProps = { runId: 'r', baseUrl: '/api' };
const scenario: MockScenario | undefined = undefined;
const handlers = createRunHandlers({ baseUrl: '/api', scenarios: [] });
const store: Promise<RunStore> = openStore(':memory:');
const options: RunServerOptions = { store: openSqliteStore({ path: ':memory:' }) };
const results: Promise<CheckResult[]> = runConformance({ baseUrl: 'http://127.0.0.1:1/api' });

export const all = [
  tags,
  labels,
  onStatus,
  feed,
  client,
  clock,
  next,
  checked,
  registerAdapter,
  adapter,
  ReactProgress,
  useRun,
  props,
  scenario,
  handlers,
  server,
  worker,
  createRunServer,
  openRedisStore,
  StoreUnavailableError,
  store,
  options,
  results,
  TransportError,
];
