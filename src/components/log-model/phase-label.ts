/**
 * Words for a phase key: the page's label map first, then a readable fallback made from
 * the key (`export_reports` → "Export reports", `fetchData` → "Fetch data").
 * @module
 */

/** Phase key → words, supplied by the page. */
export type PhaseLabels = Readonly<Record<string, string>>;

/** The label for `phase`: `labels[phase]` when given, else the key made readable. */
export function phaseLabel(phase: string, labels?: PhaseLabels): string {
  const given = labels?.[phase];
  if (given) return given;
  const words = phase
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.:/]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : phase;
}
