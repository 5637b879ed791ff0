/// <reference types="vite/client" />
/**
 * custom-elements.json, for the docs pages of both Storybooks. It is generated (`npm run
 * storybook:prepare` runs `npm run manifest`) and never committed, so it is globbed: a
 * checkout without it still type-checks and lints, and its docs tables are empty.
 * @module
 */
import type { ElementsManifest } from './manifest-arg-types.js';

const found = import.meta.glob<ElementsManifest>('../custom-elements.json', { eager: true, import: 'default' });

/** The manifest, or undefined before `npm run manifest` has run. */
export const manifest: ElementsManifest | undefined = Object.values(found)[0];
