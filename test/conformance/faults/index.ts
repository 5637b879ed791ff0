/**
 * Every planted fault, by kind.
 * @module
 */
import type { Fault } from './fault.js';
import { foldFaults } from './fold.js';
import { httpFaults } from './http.js';
import { moreFaults } from './more.js';
import { sseFaults } from './sse.js';
import { websocketFaults } from './websocket.js';

/** All faults the planted-fault test plants, one at a time. */
export const allFaults: readonly Fault[] = [
  ...foldFaults,
  ...httpFaults,
  ...sseFaults,
  ...websocketFaults,
  ...moreFaults,
];
