/**
 * Vitest globalSetup of the browser project: the foreign backends of
 * `foreign-backends.ts`, for the adapter tests. Tests read `inject('foreignBase')` and
 * script runs over `POST {foreignBase}/control/{id}/{create|advance|fail|drop}`.
 * @module
 */
import type { TestProject } from 'vitest/node';
import { startForeignBackends } from './foreign-backends.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the foreign backends, e.g. `http://127.0.0.1:41235`. */
    foreignBase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const backends = await startForeignBackends();
  project.provide('foreignBase', backends.url);
  return () => backends.close();
}
