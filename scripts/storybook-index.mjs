// storybook-static/index.html: one page linking the two Storybook builds, which live side by
// side (storybook-static/elements, storybook-static/react) so neither build deletes the other.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = join(import.meta.dirname, '..', 'storybook-static');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'index.html'),
  `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>run-progress-kit Storybooks</title>
<h1>run-progress-kit Storybooks</h1>
<ul>
  <li><a href="elements/index.html">Elements</a>: &lt;run-progress&gt; and &lt;run-log-tail&gt; in every state</li>
  <li><a href="react/index.html">React</a>: the wrappers and <code>useRun</code></li>
</ul>
</html>
`,
);
