/**
 * What the engine provider needs from a browser: open one page at a URL, and close. Each
 * engine (`firefox.ts`, `webkit.ts`) implements it with the driver that reaches it.
 * @module
 */

/** One launched browser that the Vitest orchestrator page runs in. */
export interface EngineSession {
  /** Navigates the session's page to `url` (Vitest's orchestrator page), waiting for load. */
  open(url: string): Promise<void>;
  /** Closes the page, the browser and anything started for it (driver, X server). */
  close(): Promise<void>;
}

/** Launches a browser; called lazily on the first page Vitest opens. */
export type EngineLauncher = () => Promise<EngineSession>;
