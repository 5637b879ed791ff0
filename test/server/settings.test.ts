/**
 * Every option of the server command is a flag and an environment variable, read from one
 * list that docs/configuration.md is generated from (issue 14).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/config.js';
import { readSettings, SettingError, usage } from '../../server/settings-reader.js';
import { renderConfigurationDoc } from '../../server/settings-table.js';
import { envName, LIMIT_SETTINGS, limitName, SETTING_GROUPS, SETTINGS } from '../../server/settings.js';

const read = (argv: string[], env: Record<string, string> = {}) => readSettings(argv, env).values;

describe('server settings', () => {
  it('reads every setting from its flag and from its RUN_ variable, the flag winning', () => {
    for (const s of SETTINGS) {
      const value = s.kind === 'integer' ? '7' : 'x';
      expect(read([], { [envName(s.flag)]: value }).raw(s.flag)).toEqual({ text: value, source: envName(s.flag) });
      expect(read([`--${s.flag}`, value], { [envName(s.flag)]: 'other' }).raw(s.flag)).toEqual({
        text: value,
        source: `--${s.flag}`,
      });
    }
  });

  it('reads the port from PORT when neither --port nor RUN_PORT is given, and an empty variable counts as unset', () => {
    expect(read([], { PORT: '9000' }).integer('port', 8080)).toBe(9000);
    expect(read([], { RUN_PORT: '9001', PORT: '9000' }).integer('port', 8080)).toBe(9001);
    expect(read([], { RUN_PORT: '', PORT: '' }).integer('port', 8080)).toBe(8080);
  });

  it('has one setting per resource bound, named after it', () => {
    expect(LIMIT_SETTINGS.map((s) => limitName(s.flag)).sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
    expect(SETTINGS.map((s) => s.flag)).toEqual(
      expect.arrayContaining(['drain-timeout-ms', 'trust-proxy', 'log-format', 'metrics-token', 'redis-command-timeout-ms']),
    );
  });

  it('names where a bad value came from', () => {
    expect(() => read([], { RUN_HEARTBEAT_MS: 'soon' }).integer('heartbeat-ms', 1)).toThrow(
      /RUN_HEARTBEAT_MS must be a positive integer, got "soon"/,
    );
    expect(() => read(['--max-page-bytes', '0']).integer('max-page-bytes', 1)).toThrow(
      /--max-page-bytes must be a positive integer/,
    );
    expect(() => read([], { RUN_LOG_FORMAT: 'xml' }).choice('log-format', ['json', 'pretty'], 'json')).toThrow(
      /RUN_LOG_FORMAT must be one of json, pretty/,
    );
    expect(() => readSettings(['--no-such-flag'], {})).toThrow(SettingError);
  });

  it('lists every setting with its default in --help', () => {
    const text = usage(SETTING_GROUPS);
    for (const s of SETTINGS) expect(text).toContain(`--${s.flag} `);
    expect(text).toMatch(/--catch-up-page-bytes N\s+.*\(default 1048576\)/);
  });

  it('keeps docs/configuration.md as generated from the settings (npm run config:docs)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../docs/configuration.md'), 'utf8');
    expect(committed).toBe(renderConfigurationDoc());
    for (const s of SETTINGS) expect(committed).toContain(`| \`--${s.flag}\` | \`${envName(s.flag)}\``);
  });
});
