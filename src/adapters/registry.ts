/**
 * Adapters by name, so a plain-tag page can write `<run-progress adapter="my-backend">`.
 * The names live on `globalThis` under a registered symbol, so every copy of the kit on a
 * page (the standalone bundle beside an app's own bundle) sees the same registrations.
 * @module
 */
import type { RunAdapter } from './types.js';

const REGISTRY = Symbol.for('run-progress-kit.adapters');

type Shared = typeof globalThis & { [REGISTRY]?: Map<string, RunAdapter> };

const adapters: Map<string, RunAdapter> = ((globalThis as Shared)[REGISTRY] ??= new Map());

/** Makes `adapter` available to elements as `adapter="name"`; registering a name again replaces it. */
export function registerAdapter(name: string, adapter: RunAdapter): void {
  adapters.set(name, adapter);
}

/** The adapter registered as `name`. Throws a clear error when there is none (a typo must not fail silently). */
export function getAdapter(name: string): RunAdapter {
  const adapter = adapters.get(name);
  if (!adapter)
    throw new RangeError(
      `no adapter registered as "${name}" (call registerAdapter("${name}", adapter) before the element connects)`,
    );
  return adapter;
}

/** An adapter given as an object or a registered name, as the object. */
export function resolveAdapter(adapter: RunAdapter | string | undefined): RunAdapter | undefined {
  return typeof adapter === 'string' ? getAdapter(adapter) : adapter;
}
