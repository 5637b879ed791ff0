/**
 * Who the client is when the server runs behind proxies. A proxy's `X-Forwarded-For` is
 * believed only when the socket's peer is a proxy the operator named as trusted (Express's
 * `trust proxy` rule, through `proxy-addr`); otherwise anybody could choose their own
 * address and walk around the rate limit.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * Trusted proxies: `true` for any peer, a number of hops in front of the server, or
 * addresses, CIDRs and the names `loopback`, `linklocal`, `uniquelocal` (a list or a
 * comma-separated string).
 */
export type TrustProxy = boolean | number | string | readonly string[];

/** What the server asks about a request's origin. */
export interface ProxyTrust {
  /** The client's address: the nearest untrusted hop of `X-Forwarded-For`, else the socket's peer. */
  clientAddress(req: IncomingMessage): string;
  /** Whether the socket's peer is a trusted proxy (so its `X-Forwarded-Host`/`-Proto` count). */
  fromTrusted(req: IncomingMessage): boolean;
}

type TrustFn = (address: string, hop: number) => boolean;

function trustFunction(trust: TrustProxy | undefined): TrustFn | undefined {
  if (trust === undefined || trust === false) return undefined;
  if (trust === true) return () => true;
  if (typeof trust === 'number') {
    if (!Number.isSafeInteger(trust) || trust < 0)
      throw new RangeError(`trustProxy must be a non-negative number of hops, got ${trust}`);
    return trust === 0 ? undefined : (_address, hop) => hop < trust;
  }
  const list =
    typeof trust === 'string'
      ? trust
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '')
      : [...trust];
  if (list.length === 1 && /^\d+$/.test(list[0]!)) return trustFunction(Number(list[0]));
  try {
    return proxyAddr.compile(list);
  } catch (error) {
    throw new RangeError(`trustProxy: ${(error as Error).message}`);
  }
}

/** Compiles `trust` once; throws a RangeError for an address or CIDR that does not parse. */
export function proxyTrust(trust: TrustProxy | undefined): ProxyTrust {
  const fn = trustFunction(trust);
  const peer = (req: IncomingMessage) => req.socket.remoteAddress ?? '';
  if (!fn) return { clientAddress: peer, fromTrusted: () => false };
  return {
    clientAddress: (req) => proxyAddr(req, fn),
    fromTrusted: (req) => fn(peer(req), 0),
  };
}
