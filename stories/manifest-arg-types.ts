/**
 * Storybook's docs tables and controls, from custom-elements.json, for both Storybooks.
 * Storybook's own reader keys every row by its bare name, so `<run-progress>`'s `run-id`
 * part replaced its `run-id` attribute, and it offers an object control for every part;
 * here each kind keeps its own rows, only what a user can set has a control, and a
 * literal union (written out by scripts/manifest/public-api.mjs) becomes its options.
 * @module
 */
import type { ArgTypes, InputType } from 'storybook/internal/types';

/** Documented, never set from the panel ("-" in the table; a bare `false` shows "Setup controls"). */
const NO_CONTROL: Pick<InputType, 'control'> = { control: { disable: true } };

/** The parts of a manifest declaration the tables use. */
interface Item {
  name: string;
  description?: string;
  summary?: string;
  type?: { text: string };
  default?: string;
  fieldName?: string;
  kind?: string;
  static?: boolean;
  readonly?: boolean;
}

interface Declaration {
  tagName?: string;
  attributes?: Item[];
  members?: Item[];
  events?: Item[];
  cssParts?: Item[];
  cssProperties?: Item[];
}

/** What the manifest looks like to the tables (`modules[].declarations[]`). */
export interface ElementsManifest {
  modules?: Array<{ declarations?: Declaration[] }>;
}

/** Tag stories set attributes; React stories set properties and pass `on…` callbacks. */
export type ArgTypesFor = 'element' | 'react';

function declarationOf(manifest: ElementsManifest, tagName: string): Declaration | undefined {
  return manifest.modules?.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tagName);
}

/** `'a' | 'b' | undefined` → `['a', 'b']`; undefined when the type is not a union of string literals. */
export function literalOptions(typeText: string | undefined): string[] | undefined {
  if (!typeText) return undefined;
  const parts = typeText
    .split('|')
    .map((p) => p.trim())
    .filter((p) => p !== 'undefined');
  const literals = parts.map((p) => /^'([^']*)'$/.exec(p)?.[1]);
  return literals.length > 0 && literals.every((l) => l !== undefined) ? (literals as string[]) : undefined;
}

/** The control a value of this type can be set with, or false (objects, functions, feeds). */
function controlFor(item: Item, as: ArgTypesFor): Pick<InputType, 'control' | 'options'> {
  const text = item.type?.text.replace(/\s*\|\s*undefined$/, '');
  const options = literalOptions(text);
  if (options) return { control: 'inline-radio', options };
  if (text === 'boolean') {
    // An attribute that is on by default is turned off with the value "off" (`line-numbers="off"`).
    return as === 'element' && item.default === 'true'
      ? { control: 'inline-radio', options: ['on', 'off'] }
      : { control: 'boolean' };
  }
  if (text === 'number') return { control: 'number' };
  if (text === 'string') return { control: 'text' };
  return NO_CONTROL;
}

function row(name: string, item: Item, category: string, control: Pick<InputType, 'control' | 'options'>): InputType {
  return {
    name,
    description: item.description ?? item.summary,
    ...control,
    table: {
      category,
      type: item.type ? { summary: item.type.text } : undefined,
      defaultValue: item.default !== undefined ? { summary: item.default } : undefined,
    },
  };
}

const camel = (name: string) => name.replace(/-(.)/g, (_, c: string) => c.toUpperCase());

/** The rows of `tagName`'s docs table: one per attribute, property, event, part and custom property. */
export function argTypesFromManifest(manifest: ElementsManifest, tagName: string, as: ArgTypesFor): ArgTypes {
  const d = declarationOf(manifest, tagName);
  if (!d) return {};
  const rows: ArgTypes = {};
  const reflected = new Set((d.attributes ?? []).map((a) => a.fieldName ?? camel(a.name)));
  const fields = (d.members ?? []).filter((m) => m.kind === 'field' && !m.static);
  for (const a of d.attributes ?? []) {
    const field = a.fieldName ?? camel(a.name);
    if (as === 'element') rows[a.name] = row(a.name, a, 'attributes', controlFor(a, as));
    else rows[field] = row(field, fields.find((f) => f.name === field) ?? a, 'props', controlFor(a, as));
  }
  for (const m of fields.filter((f) => !reflected.has(f.name))) {
    const category = m.readonly ? 'read-only properties' : as === 'element' ? 'properties' : 'props';
    // Properties without an attribute hold objects and callbacks: documented, set from code.
    rows[m.name] = row(m.name, m, category, NO_CONTROL);
  }
  for (const e of d.events ?? []) {
    const name = as === 'react' ? `on${camel(`-${e.name}`)}` : e.name;
    rows[`event:${e.name}`] = row(name, e, 'events', NO_CONTROL);
  }
  for (const p of d.cssParts ?? []) rows[`part:${p.name}`] = row(`::part(${p.name})`, p, 'css parts', NO_CONTROL);
  for (const p of d.cssProperties ?? []) rows[p.name] = row(p.name, p, 'css custom properties', NO_CONTROL);
  return rows;
}
