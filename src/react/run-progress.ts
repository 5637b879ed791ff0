/**
 * `<RunProgress>`: the `<run-progress>` element as a React component. Props are the
 * element's own properties (typed from its class), callbacks are {@link runProgressEvents}.
 * @module
 */
import { createComponent } from '@lit/react';
import * as React from 'react';
import { RunProgress as RunProgressElement } from '../components/run-progress/run-progress.js';
import { runProgressEvents } from './events.js';

/**
 * Live progress of one run, for React. Give it `baseUrl` and `runId` (the element opens a
 * feed shared with every other element and hook of that backend on the page) or a `feed`:
 * ```tsx
 * <RunProgress baseUrl="/api" runId={id} labels={{ underwriting: 'Running underwriting checks' }}
 *   onRunComplete={(e) => toast(`${e.runId} ${e.status}`)} />
 * ```
 * Objects (`labels`, `strings`, `feedOptions`, `feed`) are set as properties, not attributes.
 */
export const RunProgress = createComponent({
  react: React,
  tagName: 'run-progress',
  elementClass: RunProgressElement,
  events: runProgressEvents,
  displayName: 'RunProgress',
});

/** Props of {@link RunProgress}. */
export type RunProgressProps = React.ComponentProps<typeof RunProgress>;
