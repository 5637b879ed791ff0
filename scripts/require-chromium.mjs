// The browser tests drive Debian's Chromium; stop at once with the fix rather than
// failing later with a launcher stack trace.
import { existsSync } from 'node:fs';
import console from 'node:console';
import process from 'node:process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(
    `npm test needs Chromium at ${path} for the browser tests.\n` +
      `Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n` +
      `or point CHROMIUM_PATH at a Chromium binary.`,
  );
  process.exit(1);
}
