/**
 * `<RunLogTail>`: the `<run-log-tail>` element as a React component. Props are the
 * element's own properties (typed from its class), callbacks are {@link runLogTailEvents}.
 * @module
 */
import { createComponent } from '@lit/react';
import * as React from 'react';
import { RunLogTail as RunLogTailElement } from '../components/run-log-tail/run-log-tail.js';
import { runLogTailEvents } from './events.js';

/**
 * A terminal-like tail of one run's log, for React:
 * ```tsx
 * <RunLogTail baseUrl="/api" runId={id} timestamps="relative" wrap />
 * ```
 * Give it `baseUrl` and `runId` (a feed shared per backend) or a `feed`.
 */
export const RunLogTail = createComponent({
  react: React,
  tagName: 'run-log-tail',
  elementClass: RunLogTailElement,
  events: runLogTailEvents,
  displayName: 'RunLogTail',
});

/** Props of {@link RunLogTail}. */
export type RunLogTailProps = React.ComponentProps<typeof RunLogTail>;
