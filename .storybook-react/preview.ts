import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  // Docs pages for the wrappers too; their tables come from the elements' manifest (each
  // story file's meta), since react-docgen cannot read the decorated classes behind them.
  tags: ['autodocs'],
  parameters: { controls: { expanded: true }, a11y: { test: 'error' } },
};
export default preview;
