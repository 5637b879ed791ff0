import type { ComplexAttributeConverter } from 'lit';
import type { LabelMap } from './phase-label.js';

/**
 * The `labels` attribute of both elements: a JSON object of key → words. Anything else is reported
 * on the console (a page author's typo should not pass silently) and ignored, so the
 * element still shows readable fallbacks.
 */
export function labelsConverterFor(tag: string): ComplexAttributeConverter<LabelMap | undefined> {
  return {
    fromAttribute(value: string | null): LabelMap | undefined {
      if (value === null || value.trim() === '') return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch (error) {
        console.warn(`<${tag}>: the labels attribute is not valid JSON (${(error as Error).message}); it is ignored.`);
        return undefined;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        console.warn(`<${tag}>: the labels attribute must be a JSON object of key → label; it is ignored.`);
        return undefined;
      }
      const out: Record<string, string> = {};
      for (const [key, label] of Object.entries(parsed)) if (typeof label === 'string') out[key] = label;
      return out;
    },
    toAttribute(value: LabelMap | undefined): string | null {
      return value === undefined ? null : JSON.stringify(value);
    },
  };
}
