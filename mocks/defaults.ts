/**
 * The default mock backend: the plain scenarios under `baseUrl`, and each network
 * scenario under its own base `baseUrl/<scenario id>` (e.g. `/api/polling-only`), so one
 * page can show all of them side by side.
 * @module
 */
import type { RequestHandler, WebSocketHandler } from 'msw';
import { createRunHandlers } from './handlers.js';
import { networkScenarios, runScenarios } from './scenarios/index.js';

/** Base URL of a network scenario's own server under the default handlers. */
export function networkBaseUrl(baseUrl: string, scenarioId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${scenarioId}`;
}

/** Handlers for every scenario at real speed (see the module comment for the URLs). */
export function defaultHandlers(baseUrl: string, speed = 1): Array<RequestHandler | WebSocketHandler> {
  return [
    ...networkScenarios.flatMap((scenario) =>
      createRunHandlers({ baseUrl: networkBaseUrl(baseUrl, scenario.id), scenarios: [scenario], speed }),
    ),
    ...createRunHandlers({ baseUrl, scenarios: runScenarios, speed }),
  ];
}
