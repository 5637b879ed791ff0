import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { contractPaths } from '../../src/contract/index.js';
import { buildOpenApiDocument, renderOpenApi } from '../../scripts/generate-openapi.js';

interface Operation {
  operationId?: string;
  responses?: Record<string, { $ref?: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
  security?: unknown[];
}
type PathItem = Record<string, Operation | unknown>;
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, unknown>;
    responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
}

const committed = async () =>
  JSON.parse(await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as Document;

/** Every `$ref` string anywhere in a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe('docs/openapi.json', () => {
  it('is what the generator builds from src/contract today (not stale)', async () => {
    expect(await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8')).toBe(renderOpenApi());
  });

  it('looks like OpenAPI 3.1 with bearer security and operations that all answer something', async () => {
    const doc = await committed();
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/'), path).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        expect(['get', 'post'], `${method} ${path}`).toContain(method);
        const operation = op as Operation;
        expect(operation.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(operation.operationId as string), `duplicate ${operation.operationId}`).toBe(false);
        ids.add(operation.operationId as string);
        expect(Object.keys(operation.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  it('names every path of contractPaths(), with {runId} templates', async () => {
    const doc = await committed();
    const paths = contractPaths('');
    for (const [name, build] of Object.entries(paths)) {
      const template = (build as (id: string) => string)('RUNID').replace('RUNID', '{runId}');
      expect(Object.keys(doc.paths), `contractPaths().${name}`).toContain(template);
    }
    expect(Object.keys(doc.paths)).toHaveLength(Object.keys(paths).length);
  });

  it('resolves every $ref and answers problems as application/problem+json with the headers clients act on', async () => {
    const doc = await committed();
    for (const target of refsIn(doc)) {
      const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(target) ?? [];
      expect(
        section && name
          ? (doc.components as unknown as Record<string, Record<string, unknown>>)[section]?.[name]
          : undefined,
        target,
      ).toBeDefined();
    }
    const { responses } = doc.components;
    for (const response of Object.values(responses))
      expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
    expect(Object.keys(responses.Unauthorized?.headers ?? {})).toContain('WWW-Authenticate');
    expect(Object.keys(responses.TooManyRequests?.headers ?? {})).toContain('Retry-After');
    expect(Object.keys(responses.Unavailable?.headers ?? {})).toContain('Retry-After');
    const getRun = doc.paths['/runs/{runId}']?.get as Operation;
    expect(Object.keys(getRun.responses?.['200']?.headers ?? {})).toContain('ETag');
    expect(getRun.responses?.['304']).toBeDefined();
    const create = doc.paths['/runs']?.post as Operation;
    expect(Object.keys(create.responses?.['201']?.headers ?? {})).toContain('Location');
    expect(create.security).toEqual([{ bearer: [] }]);
  });

  it('tells union members apart by their type with a discriminator', async () => {
    const { schemas } = (await committed()).components as { schemas: Record<string, Record<string, unknown>> };
    for (const name of ['RunEvent', 'RunEventInput', 'ServerFrame', 'ClientMessage']) {
      const { propertyName, mapping } = schemas[name]?.discriminator as {
        propertyName: string;
        mapping: Record<string, string>;
      };
      expect(propertyName).toBe('type');
      for (const [value, target] of Object.entries(mapping)) {
        const member = schemas[target.replace('#/components/schemas/', '')] as {
          properties: { type: { const: string } };
        };
        expect(member.properties.type.const, `${name} → ${value}`).toBe(value);
      }
    }
  });

  it('publishes the wire schemas as JSON Schema, strict for what producers send', () => {
    const schemas = buildOpenApiDocument().components as { schemas: Record<string, Record<string, unknown>> };
    expect(schemas.schemas.RunSnapshot?.required).toEqual(
      expect.arrayContaining(['id', 'status', 'seq', 'createdAt', 'updatedAt', 'steps', 'logLines']),
    );
    expect(schemas.schemas.LogEventInput?.additionalProperties).toBe(false);
    expect(schemas.schemas.LogEvent?.additionalProperties).toBeUndefined();
  });
});
