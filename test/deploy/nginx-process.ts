/**
 * Debian's nginx running `deploy/nginx.conf` as committed, with only its ports (and,
 * where a test says so, its read timeout) changed, in a main config of its own under a
 * temporary directory.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../server/redis/redis-server-process.js';

export { freePort };

export const NGINX = '/usr/sbin/nginx';
export const NGINX_HINT = 'Install nginx (apt-get install nginx) to run the deployment tests.';
const CONF = join(import.meta.dirname, '../../deploy/nginx.conf');

/** Skips without nginx on a developer's machine; under CI a missing nginx fails. */
export function shouldSkipNginxTests(): boolean {
  if (existsSync(NGINX) || process.env.CI === 'true') return false;
  console.warn(`Skipping the deployment tests. ${NGINX_HINT}`);
  return true;
}

/** A running nginx. */
export interface NginxProcess {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  stop(): Promise<void>;
}

/** Starts nginx on `port` in front of `workers`; `readTimeout` replaces the file's proxy_read_timeout. */
export async function startNginx(options: { port: number; workers: number[]; readTimeout?: string }): Promise<NginxProcess> {
  if (!existsSync(NGINX)) throw new Error(NGINX_HINT);
  const dir = mkdtempSync(join(tmpdir(), 'rpk-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  let site = readFileSync(CONF, 'utf8');
  const upstreams = site.match(/^\s*server 127\.0\.0\.1:\d+ .*$/gm) ?? [];
  if (upstreams.length !== options.workers.length)
    throw new Error(`deploy/nginx.conf lists ${upstreams.length} workers, the test runs ${options.workers.length}`);
  upstreams.forEach((line, i) => {
    site = site.replace(line, line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${options.workers[i]}`));
  });
  site = site.replace(/listen 8080;/, `listen 127.0.0.1:${options.port};`);
  if (options.readTimeout) site = site.replace(/proxy_read_timeout \S+;/, `proxy_read_timeout ${options.readTimeout};`);
  writeFileSync(join(dir, 'run-progress.conf'), site);
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
      'events { worker_connections 1024; }\n' +
      `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n` +
      `  fastcgi_temp_path ${dir}/fastcgi;\n  uwsgi_temp_path ${dir}/uwsgi;\n  scgi_temp_path ${dir}/scgi;\n` +
      `  include ${dir}/run-progress.conf;\n}\n`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const up = await fetch(`${origin}/nothing-here`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin,
    async stop() {
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
