/**
 * Turns an `Authorization` header or a WebSocket auth token into a {@link Principal}.
 * @module
 */
import { createHash } from 'node:crypto';
import { OPEN_TENANT, type AuthOptions, type Principal, type TokenGrant } from './principal.js';

/** Why a request could not be authenticated; both answer 401. */
export type AuthFailure = 'missing' | 'invalid';

/** Resolves credentials to a principal. */
export interface Authenticator {
  /** True when tokens are configured (a WebSocket must then send `auth` first). */
  readonly required: boolean;
  /** From an HTTP `Authorization` header value. */
  fromHeader(header: string | undefined): Principal | AuthFailure;
  /** From the token of a WebSocket `auth` message. */
  fromToken(token: string): Principal | AuthFailure;
}

const ANONYMOUS: Principal = Object.freeze({ tenant: OPEN_TENANT, role: 'producer', anonymous: true });

// Tokens are looked up by their SHA-256 digest so the lookup's timing depends on a hash
// the caller cannot steer, not on how many leading characters of a real token they got right.
const digest = (token: string) => createHash('sha256').update(token).digest('base64');

/** Builds the authenticator for the server's auth options. */
export function createAuthenticator(options: AuthOptions | undefined): Authenticator {
  const grants = new Map<string, TokenGrant>();
  for (const [token, grant] of Object.entries(options?.tokens ?? {})) {
    if (token.length === 0) throw new Error('auth.tokens: a token must not be empty');
    if (grant.role !== 'reader' && grant.role !== 'producer') {
      throw new Error(`auth.tokens: role must be "reader" or "producer", got ${JSON.stringify(grant.role)}`);
    }
    if (typeof grant.tenant !== 'string' || grant.tenant.length === 0)
      throw new Error('auth.tokens: tenant must be a non-empty string');
    grants.set(digest(token), { tenant: grant.tenant, role: grant.role });
  }
  const required = grants.size > 0;

  const fromToken = (token: string): Principal | AuthFailure => {
    if (!required) return ANONYMOUS;
    const grant = grants.get(digest(token));
    return grant ? { ...grant, anonymous: false } : 'invalid';
  };

  return {
    required,
    fromToken,
    fromHeader(header) {
      if (!required) return ANONYMOUS;
      if (header === undefined || header === '') return 'missing';
      const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
      return match ? fromToken(match[1] as string) : 'invalid';
    },
  };
}
