// The layers of DESIGN.md as lint rules: a file imports only from its own layer or the ones
// below it (contract -> transports -> adapters -> feed -> components -> react), and server/,
// mocks/ and conformance/ take nothing from src/ but the contract, so they judge and mock
// every backend alike. `eslint.config.js` spreads these in; test/lint/layers.test.ts shows
// each boundary refusing an import that crosses it.
//
// ESLint's own `no-restricted-imports` matches the import string, not the resolved file, so
// each folder gets one entry per depth: from `src/feed/a.ts` the layer root is one `../` up,
// from `src/components/run-progress/internal/a.ts` three. An import that climbs to that root
// must then name an allowed folder; climbing less stays inside the layer. Dynamic `import()`
// is not checked (the feed's lazy adapter loads the adapters layer, which is below it).

/** The client layers, bottom up; each may import the ones before it. */
const CLIENT_LAYERS = ['contract', 'transports', 'adapters', 'feed', 'components', 'react'];

/** Folders outside src/ that may import only src/contract from the repository. */
const CONTRACT_ONLY = ['server', 'mocks', 'conformance'];

/**
 * The server's own folders, bottom up; each may import the ones before it and the
 * server's root files (its options types). `demo/` sits on top and is not listed.
 */
const SERVER_LAYERS = ['shared', 'store', 'auth', 'streams', 'ops', 'http'];

/** Deepest nesting under a layer folder that the rules cover (0 = files directly in it). */
const MAX_DEPTH = 5;

const EXTENSIONS = '{ts,tsx,mts,js,mjs}';

/** `count` times `../`, as a regular expression. */
const up = (count) => `(?:\\.\\./){${count}}`;

/** Glob of the files exactly `depth` folders below `folder`. */
const filesAt = (folder, depth) => `${folder}/${'*/'.repeat(depth)}*.${EXTENSIONS}`;

/**
 * One flat-config entry: in `files`, an import matching a pattern's `regex` is an error
 * with its `message`. A file gets one entry: later entries replace a rule's options, they
 * do not add to them.
 */
function restrict(files, ...patterns) {
  return {
    files: [files],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

/** The boundary entries, one per layer folder and depth. */
export function layerBoundaries() {
  const entries = [];
  CLIENT_LAYERS.forEach((layer, index) => {
    const below = CLIENT_LAYERS.slice(0, index);
    const allowed = below.length > 0 ? `(?!(?:${below.join('|')})/)` : '';
    const message =
      below.length > 0
        ? `src/${layer} imports only its own folder and the layers below it (${below.join(', ')}); see DESIGN.md "Layers".`
        : 'src/contract is the bottom layer: it imports nothing from the rest of the repository.';
    for (let depth = 0; depth <= MAX_DEPTH; depth++)
      entries.push(restrict(filesAt(`src/${layer}`, depth), { regex: `^${up(depth + 1)}${allowed}`, message }));
  });
  for (const folder of CONTRACT_ONLY) {
    const message = `${folder}/ imports nothing from the repository but its own folder and src/contract.`;
    const contractOnly = (depth) => ({ regex: `^${up(depth + 1)}(?!src/contract/)`, message });
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      // server/'s own layer folders are listed below, with both patterns.
      if (folder === 'server' && depth > 0) continue;
      entries.push(restrict(filesAt(folder, depth), contractOnly(depth)));
    }
    if (folder !== 'server') continue;
    SERVER_LAYERS.forEach((layer, index) => {
      const below = SERVER_LAYERS.slice(0, index);
      // Climbing exactly to server/ must name a folder below, or one of the root files.
      const names = [...below.map((folder) => `${folder}/`), '[\\w-]+\\.js$'].join('|');
      const message = `server/${layer} imports only its own folder, the server's root files and the layers below it (${below.join(', ') || 'none'}).`;
      for (let depth = 0; depth < MAX_DEPTH; depth++) {
        const regex = `^${up(depth + 1)}(?!\\.\\./)(?!${names})`;
        entries.push(restrict(filesAt(`server/${layer}`, depth), contractOnly(depth + 1), { regex, message }));
      }
    });
    for (let depth = 1; depth <= MAX_DEPTH; depth++)
      entries.push(restrict(filesAt('server/demo', depth - 1), contractOnly(depth)));
  }
  return entries;
}
