/**
 * docs/configuration.md, rendered from {@link SETTINGS}: one table per group with each
 * flag, its environment variable and its default. `npm run config:docs` writes it and a
 * test fails when the committed file differs, so the docs cannot drift from the code.
 * @module
 */
import { envName, SETTING_GROUPS, SETTINGS, type Setting } from './settings.js';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function row(s: Setting): string {
  const names = [envName(s.flag), ...(s.alsoFrom ?? [])].map((name) => `\`${name}\``).join(', ');
  const value = s.default === '' ? '—' : `\`${s.default}\``;
  return `| \`--${s.flag}\` | ${names} | ${value} | ${cell(s.summary)} |`;
}

/** The whole of docs/configuration.md. */
export function renderConfigurationDoc(): string {
  const lines = [
    '# Configuring the reference backend',
    '',
    '<!-- Generated from server/settings.ts by `npm run config:docs`; do not edit by hand. -->',
    '',
    'Every setting of `run-progress-server` (`npm run serve -- …` in this repository) is a',
    'command-line flag and an environment variable: `--heartbeat-ms 5000` and',
    '`RUN_HEARTBEAT_MS=5000` mean the same. A flag wins over its variable; an empty variable',
    'counts as unset. A bad value stops the server at start with a message naming the flag',
    'or the variable it came from, and exit status 2. `--help` prints the same list.',
    '',
    'Health and metrics are served at the root whatever `--base-path` is: `GET /healthz`',
    '(the process answers), `GET /readyz` (the store answers and the server is not',
    'draining) and `GET /metrics` (Prometheus). See [the deployment guide](deploy.md).',
  ];
  for (const group of SETTING_GROUPS) {
    lines.push('', `## ${group}`, '', '| Flag | Environment | Default | What it does |', '| --- | --- | --- | --- |');
    for (const s of SETTINGS.filter((x) => x.group === group)) lines.push(row(s));
  }
  lines.push(
    '',
    'Resource bounds are the `limits` of `createRunServer` (their TSDoc in `server/config.ts`',
    'tells what each costs); integers are at least 1 unless their default is 0.',
    '',
  );
  return lines.join('\n');
}
