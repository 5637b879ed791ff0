/**
 * Where the reader's text selection starts and ends inside the element's shadow root.
 * Selections crossing a shadow boundary are reported differently by each engine:
 * `getComposedRanges` (the standard) where it exists, Chromium's `ShadowRoot.getSelection`,
 * then the document's selection (which some engines retarget to the host).
 */
export function selectionEnds(root: ShadowRoot): { start: Node; end: Node } | undefined {
  const selection =
    (root as ShadowRoot & { getSelection?: () => Selection | null }).getSelection?.() ?? document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
  const composed = (
    selection as Selection & { getComposedRanges?: (options: { shadowRoots: ShadowRoot[] }) => StaticRange[] }
  ).getComposedRanges;
  if (typeof composed === 'function') {
    try {
      const range = composed.call(selection, { shadowRoots: [root] })[0];
      if (range) return { start: range.startContainer, end: range.endContainer };
    } catch {
      // Older engines take the roots as arguments, not an options object: use the live range.
    }
  }
  const range = selection.getRangeAt(0);
  return { start: range.startContainer, end: range.endContainer };
}
