/**
 * The polling link: reads the run's resource on a schedule. Every answer is taken as the
 * whole current state; the run model turns the difference into events.
 * @module
 */
import { Timer } from '../transports/clock.js';
import { TransportError } from '../transports/errors.js';
import { networkFailure } from '../transports/http.js';
import type { LinkOpener } from './adapter-transport.js';
import type { PollEndpoint } from './types.js';
import { expandUrl } from './urls.js';

const HIDDEN_INTERVAL_MS = 30_000;

/** Opens polling links on `endpoint`. */
export function pollLink(endpoint: PollEndpoint): LinkOpener {
  return (io) => {
    const timer = new Timer(io.init.clock);
    const abort = new AbortController();
    let done = false;
    const url = expandUrl(endpoint.url, io.runId, io.init.baseUrl);
    const poll = async (): Promise<void> => {
      let json: unknown;
      try {
        json = await io.binding.getJson(io.runId, url, { token: io.init.token, signal: abort.signal });
      } catch (error) {
        if (!done) io.fail(error instanceof TransportError ? error.reason : networkFailure(error));
        return;
      }
      if (done) return;
      io.opened();
      const before = io.binding.run(io.runId).seq;
      io.binding.apply(io.runId, endpoint.map, json);
      if (io.binding.run(io.runId).seq === before) io.alive();
      if (done) return;
      // A hidden tab polls at most every 30 s (the backend is not ours to load), and at
      // once when it is shown again.
      const interval = endpoint.intervalMs ?? 1_000;
      timer.arm(io.init.environment.hidden() ? Math.max(interval, HIDDEN_INTERVAL_MS) : interval, () => void poll());
    };
    const unlisten = io.init.environment.subscribe((event) => {
      if (event === 'visibilitychange' && !io.init.environment.hidden() && timer.armed) timer.arm(0, () => void poll());
    });
    void poll();
    return {
      close() {
        done = true;
        timer.cancel();
        abort.abort();
        unlisten();
      },
    };
  };
}
