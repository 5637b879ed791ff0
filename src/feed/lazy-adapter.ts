/**
 * Adapters (backends that do not speak the contract) load on first use, through a
 * dynamic import: a page that follows contract runs, which is most pages, never
 * downloads them (about 4 KB min+gzip with the strict schemas they check against; see
 * scripts/size.mjs).
 * @module
 */
import { adapterTransportKinds } from '../adapters/transport-kinds.js';
import type { BoundAdapter } from '../adapters/bind.js';
import type { AdapterContext } from '../adapters/binding.js';
import type { RunAdapter } from '../adapters/types.js';
import type { Transport, TransportFactory } from '../transports/transport.js';
import type { RunReader } from '../contract/reader.js';

/**
 * `bindAdapter`'s result, with the adapter code loaded when the feed first reads or a
 * transport first opens. A misconfigured adapter still throws here, at once.
 */
export function lazyAdapter(adapter: RunAdapter, context: AdapterContext): BoundAdapter {
  const kinds = adapterTransportKinds(adapter);
  let bound: Promise<BoundAdapter> | undefined;
  const load = (): Promise<BoundAdapter> =>
    (bound ??= import('../adapters/bind.js').then(
      (m) => m.bindAdapter(adapter, context),
      (error: unknown) => {
        // A chunk that failed to load (network) may load on the next attempt.
        bound = undefined;
        throw error;
      },
    ));
  if (kinds.length === 0)
    throw new RangeError('adapter gives no endpoint to follow a run on (webSocket, sse, poll or snapshot)');
  const transports = kinds.map((kind): TransportFactory => ({
    kind,
    create(init): Transport {
      let real: Transport | undefined;
      let closed = false;
      return {
        kind,
        open(subscriptions) {
          load().then(
            (b) => {
              if (closed) return;
              real = b.transports.find((t) => t.kind === kind)?.create(init);
              real?.open(subscriptions);
            },
            (error: unknown) => {
              if (!closed)
                init.callbacks.onClose({ kind: 'network', message: `adapter did not load: ${String(error)}` });
            },
          );
        },
        update: () => real?.update(),
        close() {
          closed = true;
          real?.close();
        },
      };
    },
  }));
  const reader: RunReader = {
    snapshot: (runId) => load().then((b) => b.reader.snapshot(runId)),
    events: (runId, after) => load().then((b) => b.reader.events(runId, after)),
    logTail: (runId, count) => load().then((b) => b.reader.logTail(runId, count)),
  };
  return { transports, reader };
}
