/**
 * What the page says about itself: visible or hidden, online or offline. Injectable, and
 * guarded so it works in browsers, workers (no `document`) and Node (neither).
 * @module
 */

/** The page events that make a connection re-check its wall-clock deadlines. */
export type EnvironmentEvent = 'online' | 'offline' | 'visibilitychange' | 'pageshow';

/** The page's visibility and connectivity. */
export interface Environment {
  /** Whether the page is hidden (a background tab). */
  hidden(): boolean;
  /** Whether the platform believes it is online (`true` when it cannot tell). */
  online(): boolean;
  /** Calls `listener` on each event; returns the unsubscribe function. */
  subscribe(listener: (event: EnvironmentEvent) => void): () => void;
}

type Listen = (type: string, listener: () => void) => void;

/**
 * The environment of the current global scope: `document` visibility, `navigator.onLine`,
 * and `online`/`offline`/`pageshow` on the global object. Without them (Node) it says
 * visible, online, and never fires.
 */
export function globalEnvironment(): Environment {
  const g = globalThis as {
    document?: { visibilityState?: string; addEventListener?: Listen; removeEventListener?: Listen };
    navigator?: { onLine?: boolean };
    addEventListener?: Listen;
    removeEventListener?: Listen;
  };
  return {
    hidden: () => g.document?.visibilityState === 'hidden',
    online: () => g.navigator?.onLine !== false,
    subscribe(listener) {
      const offs = (['online', 'offline', 'pageshow', 'visibilitychange'] as const).map((type) => {
        const target = type === 'visibilitychange' ? g.document : g;
        const handler = () => listener(type);
        target?.addEventListener?.(type, handler);
        return () => target?.removeEventListener?.(type, handler);
      });
      return () => offs.forEach((off) => off());
    },
  };
}
