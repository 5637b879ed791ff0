import type { LabelMap } from '../../shared/phase-label.js';

/** Boolean attributes that default to on: `line-numbers="off"` (or "false", "no", "0") turns them off. */
export const onOff = {
  fromAttribute: (value: string | null): boolean => value === null || !/^(off|false|no|0)$/i.test(value),
  toAttribute: (value: boolean): string => (value ? 'on' : 'off'),
};

/**
 * The `labels` attribute: a JSON object of strings. Anything else is ignored rather than
 * thrown on: a typo in markup must not break the element.
 */
export const labelsConverter = {
  fromAttribute(value: string | null): LabelMap | undefined {
    if (!value) return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return undefined;
    }
  },
};
