/**
 * Locale-aware numbers, clock times, offsets from the run's start and durations. One
 * instance per locale; `Intl` formatters are costly to build, cheap to reuse.
 */
export class LogFormat {
  private readonly number: Intl.NumberFormat;
  private readonly clock: Intl.DateTimeFormat;

  constructor(readonly locale: string) {
    const tag = validLocale(locale);
    this.number = new Intl.NumberFormat(tag);
    this.clock = new Intl.DateTimeFormat(tag, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hour12: false,
    });
  }

  /** `12,345` in the locale. */
  count(n: number): string {
    return this.number.format(n);
  }

  /** The wall-clock time of an ISO timestamp. */
  time(iso: string): string {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? iso : this.clock.format(ms);
  }

  /** `+1:02.345`: time since `startMs`. */
  offset(iso: string, startMs: number): string {
    const ms = Date.parse(iso) - startMs;
    if (Number.isNaN(ms)) return iso;
    const sign = ms < 0 ? '−' : '+';
    const abs = Math.abs(ms);
    const h = Math.floor(abs / 3_600_000);
    const m = Math.floor(abs / 60_000) % 60;
    const s = Math.floor(abs / 1000) % 60;
    const frac = String(Math.floor(abs % 1000)).padStart(3, '0');
    const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
    return `${sign}${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}.${frac}`;
  }

  /** A short duration: `850 ms`, `12 s`, `3 min 5 s`, `1 h 2 min`. */
  duration(ms: number): string {
    if (ms < 1000) return `${this.count(Math.max(0, Math.round(ms)))} ms`;
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${s % 60} s`;
    return `${Math.floor(m / 60)} h ${m % 60} min`;
  }
}

/**
 * `locale` if `Intl` accepts it, else the default locale. A page's `lang` or the browser's own
 * language is not always a BCP 47 tag: WebKitGTK under `LANG=C` reports `navigator.language`
 * as `C`, and `Intl` throws a RangeError on it, which broke every render.
 */
function validLocale(locale: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}
