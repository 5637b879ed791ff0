/**
 * Page-side hooks of the chaos run, installed with `addInitScript` before any page script:
 * a `Date` whose clock can jump (`Date.now()` and `new Date()` read the real clock plus an
 * offset; `performance.now()` is left alone, as a real clock change leaves it) and a
 * document whose visibility can be set (`visibilityState`/`hidden` overridden and a
 * `visibilitychange` dispatched, as a browser does when a tab is hidden or shown).
 *
 * Plain JavaScript in a string: a function would be serialised after tsx transformed it,
 * with helper calls the page does not have.
 * @module
 */

/** The hooks, on `window.__chaos`. */
export interface ChaosHooks {
  jump(ms: number): void;
  offset(): number;
  setHidden(hidden: boolean): void;
}

/** The init script. */
export const CHAOS_HOOKS_SCRIPT = `(() => {
  const RealDate = Date;
  let offset = 0;
  class JumpingDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = JumpingDate;
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  window.__chaos = {
    jump: (ms) => void (offset += ms),
    offset: () => offset,
    setHidden(h) {
      if (h === hidden) return;
      hidden = h;
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
})();`;
