import { noChange, type ChildPart } from 'lit';
import { clearPart, insertPart, setChildPartValue } from 'lit/directive-helpers.js';
import { Directive, directive, PartType, type PartInfo } from 'lit/directive.js';

/**
 * Removes a row's part: its content and both of its markers. lit-html's own `removePart()`
 * (used by `repeat`) leaves the end marker behind since 3.3.1 (lit/lit#5010, #5298): one
 * empty comment per removed row, 37 524 nodes after a million followed lines.
 */
function removeRow(part: ChildPart): void {
  clearPart(part);
  part.startNode?.parentNode?.removeChild(part.startNode);
  part.endNode?.parentNode?.removeChild(part.endNode);
}

/**
 * Keyed rows, like `repeat(items, key, template)`: a row keeps its DOM while its key stays
 * in the list, so a reader's text selection and focus stay with the line as it scrolls.
 * Rows mostly keep their order (the view is a window sliding over the log), so the update is
 * one pass: drop the rows that left, then walk the new list, inserting new rows and moving
 * the rare row that changed place.
 */
class KeyedRowsDirective<T> extends Directive {
  private parts: ChildPart[] = [];
  private keys: unknown[] = [];

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.CHILD) throw new Error('keyedRows() only works in a child position');
  }

  render(items: readonly T[], _key: (item: T) => unknown, template: (item: T) => unknown): unknown[] {
    return items.map(template);
  }

  override update(
    container: ChildPart,
    [items, key, template]: [readonly T[], (item: T) => unknown, (item: T) => unknown],
  ): typeof noChange {
    const newKeys = items.map(key);
    const wanted = new Set(newKeys);
    // Rows still wanted, in DOM order.
    const kept: ChildPart[] = [];
    const byKey = new Map<unknown, ChildPart>();
    this.parts.forEach((part, i) => {
      const k = this.keys[i];
      if (wanted.has(k) && !byKey.has(k)) {
        byKey.set(k, part);
        kept.push(part);
      } else removeRow(part);
    });
    const placed = new Set<ChildPart>();
    const parts: ChildPart[] = [];
    let next = 0; // the first kept row not yet placed: where new rows go before
    for (let i = 0; i < items.length; i++) {
      while (next < kept.length && placed.has(kept[next] as ChildPart)) next++;
      const ref = kept[next];
      let part = byKey.get(newKeys[i]);
      byKey.delete(newKeys[i]); // a repeated key gets a row of its own
      if (!part) part = insertPart(container, ref);
      else if (part === ref) next++;
      else insertPart(container, ref, part);
      placed.add(part);
      setChildPartValue(part, template(items[i] as T));
      parts.push(part);
    }
    this.parts = parts;
    this.keys = newKeys;
    return noChange;
  }
}

/** Renders `items` keyed by `key` with `template`, without the end-marker leak of `repeat`. */
export const keyedRows = directive(KeyedRowsDirective) as <T>(
  items: readonly T[],
  key: (item: T) => unknown,
  template: (item: T) => unknown,
) => unknown;
