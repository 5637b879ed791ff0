/**
 * Catch-up pages shared between subscriptions that read the same part of a run's history
 * at about the same time. Forty readers replaying a run from 0 then hold one copy of each
 * page instead of forty, and the encodings cached per event object (`event-json.ts`,
 * `frames.ts`) are made once for all of them instead of once each: under the issue 13
 * attack that is most of the server's work while the readers' buffers fill.
 *
 * Only pages that end before the run's last seq are shared. Events up to a seq never
 * change, so such a page is as true for a later reader as for the first; the last page,
 * though, may miss events committed after it was read, which a reader whose live listener
 * started later would then never see. A page is held only through a `WeakRef`: the cache
 * keeps nothing alive that no subscription holds.
 * @module
 */
import type { ReadBounds, RunStore, StoredEventPage } from '../store/run-store.js';

/** Reads pages through the store, sharing the ones that can be shared. */
export class SharedPages {
  readonly #pages = new Map<string, WeakRef<StoredEventPage>>();
  readonly #reading = new Map<string, Promise<StoredEventPage | undefined>>();
  readonly #forget = new FinalizationRegistry<string>((key) => {
    if (this.#pages.get(key)?.deref() === undefined) this.#pages.delete(key);
  });

  constructor(private readonly store: RunStore) {}

  /** Like {@link RunStore.readEvents}; the answer may be shared, so callers must not change it. */
  read(runId: string, after: number, limit: number, bounds: ReadBounds): Promise<StoredEventPage | undefined> {
    const key = `${runId}\u0000${after}\u0000${limit}\u0000${bounds.maxBytes ?? ''}`;
    const held = this.#pages.get(key)?.deref();
    if (held) return Promise.resolve(held);
    const reading = this.#reading.get(key);
    if (reading) return reading;
    const read = this.store.readEvents(runId, after, limit, bounds).then(
      (page) => {
        this.#reading.delete(key);
        const last = page?.events.at(-1);
        if (page && last && last.seq < page.lastSeq) {
          this.#pages.set(key, new WeakRef(page));
          this.#forget.register(page, key);
        }
        return page;
      },
      (error: unknown) => {
        this.#reading.delete(key);
        throw error;
      },
    );
    // Readers that ask while this read is under way would get its answer even if it is the
    // run's last page, which may be older than their live listeners: only share it when it
    // turns out shareable, else they read for themselves.
    const shared = read.then((page) => {
      const last = page?.events.at(-1);
      return page && last && last.seq < page.lastSeq ? page : this.store.readEvents(runId, after, limit, bounds);
    });
    // A failed read fails `shared` too; the readers that took it see that, and when none did
    // the failure is this reader's alone (not an unhandled rejection of the process).
    shared.catch(() => undefined);
    this.#reading.set(key, shared);
    return read;
  }
}
