import type { StorybookConfig } from '@storybook/react-vite';

// The React wrappers' stories: a second config folder, since a Storybook has one framework.
const config: StorybookConfig = {
  stories: ['../stories/react/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest', 'msw-storybook-addon'],
  framework: { name: '@storybook/react-vite', options: {} },
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
  // react-docgen cannot read the decorated Lit classes the wrappers are typed from.
  typescript: { reactDocgen: false },
  viteFinal(vite) {
    const include = [...(vite.optimizeDeps?.include ?? []), 'lit', 'lit/directive-helpers.js'];
    return { ...vite, optimizeDeps: { ...vite.optimizeDeps, include } };
  },
};
export default config;
