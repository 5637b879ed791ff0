/**
 * Turning machine keys (`export_reports`, `exportReports`, `export-reports`) into words a
 * person reads ("Export reports"), and choosing between the page's label map, the
 * backend's label and that fallback.
 * @module
 */

/** A page-supplied map from phase or step key to the words to show for it. */
export type LabelMap = Readonly<Record<string, string>>;

/**
 * A readable fallback for a key nobody labelled: separators become spaces, camelCase is
 * split, and only the first letter is capitalised ("Export reports", not "Export Reports",
 * which reads as a title rather than a step).
 */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.:/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (words === '') return key;
  // Lower-case camelCase-split words but keep acronyms ("HTTP fetch") as they are.
  const normalised = words
    .split(' ')
    .map((word, i) => (i > 0 && /^[A-Z][a-z]/.test(word) ? word.toLowerCase() : word))
    .join(' ');
  return normalised.charAt(0).toUpperCase() + normalised.slice(1);
}

/**
 * The words for a phase or step: the page's map wins (it owns wording and language),
 * then what the backend sent, then {@link humanizeKey}.
 */
export function resolveLabel(key: string, labels: LabelMap | undefined, backendLabel?: string): string {
  const fromPage = labels && Object.hasOwn(labels, key) ? labels[key] : undefined;
  if (typeof fromPage === 'string' && fromPage !== '') return fromPage;
  if (backendLabel !== undefined && backendLabel !== '') return backendLabel;
  return humanizeKey(key);
}
