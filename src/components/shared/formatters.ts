/**
 * Locale-aware number, percent, duration and time formatting, memoised per locale: building
 * an `Intl` formatter costs far more than using one, and elements format on every update.
 * @module
 */

/** The formatters of one locale. */
export interface Formatters {
  readonly locale: string;
  /** "42 %" / "42%" as the locale writes it; `value` is 0-100. */
  percent(value: number): string;
  /** An integer with the locale's digits and grouping ("1,234"). */
  integer(value: number): string;
  /** A duration in words, short units: "1 hr, 4 min", "12 sec" (largest two units). */
  duration(ms: number): string;
  /** A wall-clock time ("14:05"). */
  time(epochMs: number): string;
}

type Unit = 'hour' | 'minute' | 'second';

/** `Intl.DurationFormat` (Chromium 129+, Safari 16.4+, Firefox 136+), typed here because TS 5.9's lib lacks it. */
interface DurationFormatLike {
  format(duration: Partial<Record<'hours' | 'minutes' | 'seconds', number>>): string;
}
type DurationFormatCtor = new (locale: string, options: { style: 'short' | 'narrow' | 'long' }) => DurationFormatLike;

const cache = new Map<string, Formatters>();
const DURATION_CACHE_SIZE = 2_000;

/** The (cached) formatters for `locale`; an invalid locale falls back to the runtime default. */
export function formattersFor(locale: string): Formatters {
  let found = cache.get(locale);
  if (!found) {
    found = create(safeLocale(locale));
    cache.set(locale, found);
  }
  return found;
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? new Intl.NumberFormat().resolvedOptions().locale;
  } catch {
    return new Intl.NumberFormat().resolvedOptions().locale;
  }
}

function create(locale: string): Formatters {
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const integerFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  const durationFormat = DurationFormat ? new DurationFormat(locale, { style: 'short' }) : undefined;
  const unitFormats = new Map<Unit, Intl.NumberFormat>();
  const unitFormat = (unit: Unit) => {
    let f = unitFormats.get(unit);
    if (!f) {
      f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' });
      unitFormats.set(unit, f);
    }
    return f;
  };
  const list = new Intl.ListFormat(locale, { type: 'unit', style: 'short' });
  const durations = new Map<number, string>();

  return {
    locale,
    percent: (value) => percentFormat.format(Math.floor(value) / 100),
    integer: (value) => integerFormat.format(value),
    time: (epochMs) => timeFormat.format(epochMs),
    duration(ms) {
      // Whole seconds are all that is shown, and elements format the same few values on
      // every tick (per-step estimates, durations): remember recent ones.
      const key = Math.max(0, Math.floor(ms / 1000));
      let text = durations.get(key);
      if (text === undefined) {
        if (durations.size >= DURATION_CACHE_SIZE) durations.clear();
        text = formatDuration(key * 1000);
        durations.set(key, text);
      }
      return text;
    },
  };

  function formatDuration(ms: number): string {
    const parts = durationParts(ms);
    if (durationFormat) return durationFormat.format(parts);
    const units: Array<[Unit, number | undefined]> = [
      ['hour', parts.hours],
      ['minute', parts.minutes],
      ['second', parts.seconds],
    ];
    return list.format(units.filter(([, n]) => n !== undefined).map(([u, n]) => unitFormat(u).format(n ?? 0)));
  }
}

/**
 * Splits a duration into at most its two largest units, dropping a zero second unit
 * ("2 hr", "1 hr, 4 min", "4 min, 12 sec", "12 sec"): more precision is noise for runs
 * that last minutes to hours.
 */
export function durationParts(ms: number): Partial<Record<'hours' | 'minutes' | 'seconds', number>> {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return minutes > 0 ? { hours, minutes } : { hours };
  if (minutes > 0) return seconds > 0 ? { minutes, seconds } : { minutes };
  return { seconds };
}
