/** Boolean attributes that default to on: `line-numbers="off"` (or "false", "no", "0") turns them off. */
export const onOff = {
  fromAttribute: (value: string | null): boolean => value === null || !/^(off|false|no|0)$/i.test(value),
  toAttribute: (value: boolean): string => (value ? 'on' : 'off'),
};
