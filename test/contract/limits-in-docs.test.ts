/**
 * Every limit and default of the contract lives in src/contract/limits.ts. This test fails
 * when docs/contract.md ("Limits and defaults") or docs/openapi.json says otherwise, and
 * when the reference server's defaults drift from the contract's (issue 17: the poll
 * `limit` default was 1000 in the prose and the server, 5000 in openapi.json).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as limits from '../../src/contract/limits.js';
import { DEFAULT_LIMITS } from '../../server/config.js';
import * as poll from '../../server/streams/poll.js';

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const contract = read('../../docs/contract.md');
const openapi = JSON.parse(read('../../docs/openapi.json')) as OpenApi;

interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema: { default?: number; minimum?: number; pattern?: string };
}
interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { description: string }> };
}

const numeric = Object.entries(limits).filter((entry): entry is [string, number] => typeof entry[1] === 'number');

/** The value cell of the constant's row in the contract's table, as a number (digit groups may be spaced). */
function documented(name: string): number | undefined {
  const row = new RegExp(`^\\| \`${name}\` \\| ([0-9][0-9  ]*) \\|`, 'm').exec(contract);
  return row ? Number(row[1]!.replace(/\s/g, '')) : undefined;
}

function parameter(path: string, method: string, name: string): Parameter {
  const found = openapi.paths[path]?.[method]?.parameters?.find((p) => p.name === name);
  if (!found) throw new Error(`openapi.json: no parameter ${name} of ${method.toUpperCase()} ${path}`);
  return found;
}

/** A clamped count: `default` in the schema, the maximum in the description (`At most N; …`). */
function capped(path: string, name: string): { default: number | undefined; maximum: number | undefined } {
  const p = parameter(path, 'get', name);
  const maximum = /^At most (\d+);/.exec(p.description ?? '')?.[1];
  return { default: p.schema.default, maximum: maximum === undefined ? undefined : Number(maximum) };
}

/** Every `keyword` value anywhere in the component schemas. */
function keywordValues(keyword: string): Set<unknown> {
  const out = new Set<unknown>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === keyword) out.add(value);
        visit(value);
      }
    }
  };
  visit(openapi.components.schemas);
  return out;
}

const schema = (name: string) =>
  openapi.components.schemas[name] as { properties: Record<string, Record<string, unknown>> };

describe('limits in the docs', () => {
  it.each(numeric)('docs/contract.md lists %s with its value', (name, value) => {
    expect(documented(name), `no row | \`${name}\` | ${value} | in docs/contract.md`).toBe(value);
  });

  it('docs/contract.md gives RUN_ID_PATTERN as the code has it, and lists nothing limits.ts lacks', () => {
    expect(contract).toContain(`\`RUN_ID_PATTERN\`, \`${limits.RUN_ID_PATTERN.source}\``);
    const section = contract.slice(contract.indexOf('## Limits and defaults'));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(numeric.map(([name]) => name).sort());
  });

  it('docs/openapi.json takes its query defaults and maxima from the constants', () => {
    expect(capped('/runs', 'limit')).toEqual({ default: limits.DEFAULT_LIST_LIMIT, maximum: limits.MAX_LIST_LIMIT });
    expect(capped('/runs/{runId}/events', 'limit')).toEqual({ default: limits.MAX_PAGE, maximum: limits.MAX_PAGE });
    expect(capped('/runs/{runId}/logs', 'tail')).toEqual({
      default: limits.DEFAULT_LOG_TAIL,
      maximum: limits.MAX_PAGE,
    });
    expect(capped('/poll', 'limit')).toEqual({ default: limits.DEFAULT_POLL_LIMIT, maximum: limits.MAX_PAGE });
    expect(parameter('/runs/{runId}/events', 'post', 'Idempotency-Key').schema.pattern).toBe(
      `^[\\x21-\\x7E]{1,${limits.MAX_IDEMPOTENCY_KEY}}$`,
    );
    expect(openapi.components.responses['TooLarge']?.description).toContain(
      `default ${limits.DEFAULT_MAX_BODY_BYTES / 1_048_576} MiB`,
    );
  });

  it('docs/openapi.json bounds texts, lists and ids by the constants, and by nothing else', () => {
    expect(schema('LogEventInput').properties['text']?.['maxLength']).toBe(limits.MAX_LOG_TEXT);
    expect(schema('ProgressEventInput').properties['phase']?.['maxLength']).toBe(limits.MAX_SHORT_TEXT);
    expect(schema('ProgressEventInput').properties['steps']?.['maxItems']).toBe(limits.MAX_STEPS);
    expect(schema('CreateRunInput').properties['steps']?.['maxItems']).toBe(limits.MAX_STEPS);
    expect(schema('AppendBatch').properties['events']?.['maxItems']).toBe(limits.MAX_BATCH);
    expect(schema('AuthMessage').properties['token']?.['maxLength']).toBe(limits.MAX_TOKEN);
    expect(schema('RunSnapshot').properties['id']?.['pattern']).toBe(limits.RUN_ID_PATTERN.source);
    expect([...keywordValues('maxLength')].sort()).toEqual(
      [limits.MAX_LOG_TEXT, limits.MAX_SHORT_TEXT, limits.MAX_TOKEN].sort(),
    );
    expect([...keywordValues('maxItems')].sort()).toEqual([limits.MAX_STEPS, limits.MAX_BATCH].sort());
  });

  it("the reference server's defaults are the contract's", () => {
    expect(DEFAULT_LIMITS.maxBodyBytes).toBe(limits.DEFAULT_MAX_BODY_BYTES);
    expect(DEFAULT_LIMITS.authTimeoutMs).toBe(limits.AUTH_TIMEOUT_MS);
    // The server may come to import the contract's constant instead of defining its own.
    if ('DEFAULT_POLL_LIMIT' in poll) expect(poll.DEFAULT_POLL_LIMIT).toBe(limits.DEFAULT_POLL_LIMIT);
  });
});
