import { describe, expect, it } from 'vitest';
import { detectLevel, lineLevel } from '../../../src/components/log-model/level.js';
import { renderLine } from '../../../src/components/log-model/rendered-line.js';

describe('log levels', () => {
  it('detects levels from common prefixes', () => {
    expect(detectLevel('ERROR: failed')).toBe('error');
    expect(detectLevel('[warn] slow')).toBe('warn');
    expect(detectLevel('2026-11-25T10:00:00Z WARNING disk')).toBe('warn');
    expect(detectLevel('10:00:01 app FATAL crash')).toBe('error');
    expect(detectLevel('\x1b[31mERROR\x1b[0m red')).toBe('error');
    expect(detectLevel('debug: x')).toBe('debug');
    expect(detectLevel('INFO started')).toBe('info');
  });

  it('does not read levels out of ordinary words', () => {
    expect(detectLevel('no errors found in 3 files')).toBeUndefined();
    expect(detectLevel('terrorism module loaded')).toBeUndefined();
    expect(detectLevel('x y z error at the end')).toBeUndefined();
  });

  it('reads the first words the reader sees, however many escape codes come before them', () => {
    const styled = `${'\x1b[1m\x1b[22m'.repeat(20)}2026-11-25 WARN disk nearly full`;
    expect(detectLevel(styled)).toBe('warn');
    expect(lineLevel({ text: styled })).toBe('warn');
    expect(renderLine({ text: styled }).level).toBe('warn');
    expect(detectLevel(`${'x'.repeat(130)} ERROR late`)).toBeUndefined();
  });

  it('prefers the level the producer sent', () => {
    expect(lineLevel({ text: 'ERROR looks bad', level: 'info' })).toBe('info');
    expect(lineLevel({ text: 'plain' })).toBe('info');
  });
});
