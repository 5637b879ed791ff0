// custom-elements.json: the kit's elements as their JSDoc describes them (attributes,
// properties, events, parts, CSS custom properties). Generated, never committed:
// `npm run manifest` writes it at the root; the package's `files` ship it.
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/internal/**', 'src/components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  // package.json's `customElements` field is set once by hand; the analyzer must not rewrite it
  // (the manifest test writes to a scratch directory).
  packagejson: false,
};
