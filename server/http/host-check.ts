/**
 * Which `Host` headers the server answers: the defence against DNS rebinding. A page on
 * evil.example can make its own name resolve to 127.0.0.1; the browser then lets it read
 * whatever a server on the visitor's machine answers, because to the browser it is
 * same-origin. The one thing such a request cannot hide is `Host: evil.example`, so an
 * open-mode server (where being able to connect is the only credential) answers only the
 * names it is known by.
 * @module
 */
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { PROBLEM_MEDIA_TYPE, ProblemType, type Problem } from '../../src/contract/index.js';
import { problem } from '../shared/problem.js';

/** Names an open-mode server always answers: loopback, which no page can rebind. */
export const LOOPBACK_HOSTS: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

/** The server's decision about a request's `Host`. */
export interface HostCheck {
  /** Whether a request whose `Host` header is `host` may be served. */
  allows(host: string | undefined): boolean;
  /** The answer to a refused `Host`: 403, saying how to allow it. */
  refusal(host: string | undefined): Problem;
  /** Answers a WebSocket upgrade with a refused `Host` with {@link HostCheck.refusal}, and closes. */
  refuseUpgrade(socket: Duplex, host: string | undefined): void;
}

/**
 * Builds the Host check.
 *
 * Allowed: requests without `Host` (only HTTP/1.0 clients omit it; browsers never do),
 * the {@link LOOPBACK_HOSTS}, IP literals (a rebinding page needs a DNS name: it cannot
 * make the browser send `Host: 10.0.0.5` to another machine), and `allowedHosts`: exact
 * names (`runs.example.com`), a leading dot for a domain and its subdomains
 * (`.example.com`), or `*` for any Host (no protection). Names match without the port and
 * regardless of case.
 * @param open - open mode (no tokens). With tokens, DNS rebinding reaches nothing without
 *   one, so every Host is answered unless `allowedHosts` is given.
 */
export function createHostCheck(allowedHosts: readonly string[] | undefined, open: boolean): HostCheck {
  const extra = (allowedHosts ?? []).map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  const any = extra.includes('*') || (!open && allowedHosts === undefined);
  const exact = new Set([...LOOPBACK_HOSTS, ...extra.filter((name) => !name.startsWith('.'))]);
  const suffixes = extra.filter((name) => name.startsWith('.'));
  const allows = (host: string | undefined): boolean => {
    if (any || host === undefined) return true;
    const name = hostnameOf(host);
    if (name === undefined) return false;
    if (exact.has(name) || isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0) return true;
    return suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1));
  };
  const refusal = (host: string | undefined): Problem =>
    problem(
      403,
      ProblemType.Forbidden,
      // The configured names are not listed: they may be internal, and anyone can ask.
      `This server does not answer Host ${JSON.stringify(host ?? '')} (DNS-rebinding protection). It answers ` +
        `${LOOPBACK_HOSTS.join(', ')}, IP addresses and the names of its allowedHosts option (CLI --allowed-hosts).`,
    );
  return {
    allows,
    refusal,
    refuseUpgrade(socket, host) {
      const body = JSON.stringify(refusal(host));
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  };
}

/** The host name of a `Host` header (lower case, IPv6 in brackets, no port), if it parses. */
function hostnameOf(host: string): string | undefined {
  // Host is a name or address and a port, nothing else: `a@localhost` would parse as
  // user `a` at localhost.
  if (!/^[A-Za-z0-9._:[\]-]+$/.test(host)) return undefined;
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
}
