/**
 * The locale an element formats in: its own `lang`, else the nearest ancestor's (within its
 * tree), else the document's, else the browser's.
 */
export function resolveLocale(element: HTMLElement): string {
  const own = element.getAttribute('lang');
  if (own) return own;
  const ancestor = element.closest('[lang]')?.getAttribute('lang');
  if (ancestor) return ancestor;
  const doc = element.ownerDocument.documentElement.getAttribute('lang');
  if (doc) return doc;
  return typeof navigator === 'undefined' ? 'en' : navigator.language;
}
