/**
 * Before the stories run as tests: generate what Storybook serves but git does not keep,
 * the MSW worker script (`public/mockServiceWorker.js`) and `custom-elements.json`.
 */
import { execFileSync } from 'node:child_process';

export default function prepare(): void {
  execFileSync('npm', ['run', '--silent', 'storybook:prepare'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
