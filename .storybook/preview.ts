import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import '../src/components/run-progress/run-progress.js';
import '../src/components/run-log-tail/run-log-tail.js';
import { manifest } from '../stories/manifest.js';
import { argTypesFromManifest } from '../stories/manifest-arg-types.js';

// The manifest still gives each docs page the element's description; its tables and controls
// come from argTypesFromManifest (public members, one row per kind, options from the types).
if (manifest) setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true },
    docs: {
      extractArgTypes: (component: unknown) =>
        manifest && typeof component === 'string' ? argTypesFromManifest(manifest, component, 'element') : null,
    },
    // Stories are tests too: an axe violation fails the story's test.
    a11y: { test: 'error' },
  },
};
export default preview;
