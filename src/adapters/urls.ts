/**
 * Expands an adapter's URL templates.
 * @module
 */
import { joinUrl } from '../transports/http.js';
import type { UrlTemplate } from './types.js';

/** The URL of `template` for `runId`: absolute as given, else under `baseUrl`. */
export function expandUrl(template: UrlTemplate, runId: string, baseUrl: string): string {
  const path =
    typeof template === 'function' ? template(runId) : template.replaceAll('{runId}', encodeURIComponent(runId));
  return /^[a-z][a-z0-9+.-]*:/i.test(path) ? path : joinUrl(baseUrl, path.startsWith('/') ? path : `/${path}`);
}

/** The same, as a `ws:`/`wss:` URL (relative ones resolved against the page). */
export function expandSocketUrl(template: UrlTemplate, runId: string, baseUrl: string): string {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  const url = new URL(expandUrl(template, runId, baseUrl), page);
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  return url.href;
}
