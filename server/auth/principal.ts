/**
 * Who is calling, and what a token grants. Tokens map to a tenant and a role; without
 * any token configured the server runs in open mode as one anonymous tenant.
 * @module
 */

/** `reader` reads its tenant's runs; `producer` also creates runs and appends events. */
export type Role = 'reader' | 'producer';

/** What one bearer token grants. */
export interface TokenGrant {
  tenant: string;
  role: Role;
}

/** The authenticated caller of one request or WebSocket connection. */
export interface Principal extends TokenGrant {
  /** True in open mode (no tokens configured): nobody presented a token. */
  anonymous: boolean;
}

/** What a caller wants to do, as the {@link AuthOptions.authorize} hook sees it. */
export interface AuthorizeRequest {
  principal: Principal;
  action: 'read' | 'create' | 'append';
  /** The run concerned; absent for listing and creating. */
  run?: { id: string; tenant: string; kind?: string | undefined };
}

/** Auth configuration of the run server. */
export interface AuthOptions {
  /**
   * Bearer tokens and what each grants. Empty or absent: open mode, where anyone reads
   * and writes the runs of tenant {@link OPEN_TENANT} (for demos and local use only).
   */
  tokens?: Readonly<Record<string, TokenGrant>>;
  /**
   * An extra check after the built-in ones (tenant match, producer role for writes). It
   * can only deny: answer `false` and the caller gets 404 for a run (indistinguishable
   * from an unknown one) or 403 for listing and creating.
   */
  authorize?: (request: AuthorizeRequest) => boolean | Promise<boolean>;
}

/** The tenant every request acts as in open mode. */
export const OPEN_TENANT = 'public';
