/**
 * WebKitGTK's MiniBrowser, driven through WebKitWebDriver (package webkit2gtk-driver) with
 * selenium-webdriver. WebKitGTK has no headless mode, so each launch starts its own Xvfb on a
 * free display; the driver gets a free port. Playwright's WebKit is a patched build that cannot
 * be fetched here, and Playwright cannot drive a stock WebKitGTK.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import process from 'node:process';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { miniBrowserPath, webkitDriverPath, xvfbPath } from './installed.js';
import type { EngineSession } from './session.js';

/** Starts Xvfb, WebKitWebDriver and a MiniBrowser session. */
export async function launchWebkit(): Promise<EngineSession> {
  const started: ChildProcess[] = [];
  const stopAll = () => {
    for (const child of started.reverse()) child.kill('SIGTERM');
  };
  try {
    const display = await startXvfb(started);
    const port = await freePort();
    const driver = spawn(webkitDriverPath, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: display },
      stdio: 'ignore',
    });
    started.push(driver);
    await waitForDriver(port);
    const session: WebDriver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
      })
      .build();
    // Vite may transform the orchestrator's modules on first load: give it longer than the default.
    await session.manage().setTimeouts({ pageLoad: 60_000 });
    return {
      async open(url) {
        await session.get(url);
      },
      async close() {
        try {
          await session.quit();
        } finally {
          stopAll();
        }
      },
    };
  } catch (error) {
    stopAll();
    throw error;
  }
}

/** Starts Xvfb on the first free display from :90 and resolves its `DISPLAY` value. */
async function startXvfb(started: ChildProcess[]): Promise<string> {
  for (let n = 90; n < 140; n++) {
    // A lock file means another X server (another session's, perhaps) holds that display.
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const xvfb = spawn(xvfbPath, [`:${n}`, '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], {
      stdio: 'ignore',
    });
    const ok = await waitFor(
      () => existsSync(`/tmp/.X11-unix/X${n}`),
      () => xvfb.exitCode !== null,
    );
    if (ok) {
      started.push(xvfb);
      return `:${n}`;
    }
    xvfb.kill('SIGTERM');
  }
  throw new Error('browser-webkit: no free X display in :90-:139 for Xvfb');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port: number): Promise<void> {
  const ready = await waitFor(async () => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      return response.ok;
    } catch {
      return false;
    }
  });
  if (!ready) throw new Error(`browser-webkit: WebKitWebDriver did not answer on port ${port}`);
}

/** Polls `ready` every 50 ms for up to 10 s; stops early when `failed` says it never will be. */
async function waitFor(ready: () => boolean | Promise<boolean>, failed: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await ready()) return true;
    if (failed()) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
