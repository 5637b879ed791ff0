// custom-elements.json: the kit's elements as their JSDoc describes them (attributes,
// properties, events, parts, CSS custom properties). Generated, never committed:
// `npm run manifest` (part of `npm run build`) writes it at the root; the package's `files`
// ship it. It lists public members only, with literal unions written out
// (scripts/manifest/public-api.mjs). Its module paths name the files users get (dist/src/….js), not our sources, so
// editors and wrapper generators that follow them land on something that exists.
import { literalUnionTypes, publicMembersOnly } from './scripts/manifest/public-api.mjs';

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/internal/**', 'src/components/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  // package.json's `customElements` field is set once by hand; the analyzer must not rewrite it
  // (the manifest test writes to a scratch directory).
  packagejson: false,
  plugins: [publicMembersOnly(), literalUnionTypes(), shippedPaths()],
};

/** Rewrites every `src/….ts` module path of the manifest to the built `dist/src/….js`. */
function shippedPaths() {
  const toShipped = (path) => path.replace(/^\/?(\.\/)?src\/(.*)\.[jt]s$/, 'dist/src/$2.js');
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = toShipped(value);
        else walk(value);
      }
  };
  return {
    name: 'shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      walk(customElementsManifest.modules);
    },
  };
}
