/// <reference types="vite/client" />
import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import '../src/components/run-progress/run-progress.js';
import '../src/components/run-log-tail/run-log-tail.js';

// custom-elements.json feeds the docs pages and controls. It is generated (`npm run
// storybook:prepare` runs `npm run manifest`) and never committed, so it is globbed: a
// checkout without it still type-checks and lints.
const manifests = import.meta.glob('../custom-elements.json', { eager: true, import: 'default' });
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true },
    // Stories are tests too: an axe violation fails the story's test.
    a11y: { test: 'error' },
  },
};
export default preview;
