/**
 * Whether a principal may read or write a run: same tenant, producer role for writes,
 * then the optional `authorize` hook, which can only deny.
 * @module
 */
import type { StoredRun } from '../store/run-store.js';
import type { AuthOptions, Principal } from './principal.js';

/** Access decisions for one server. */
export interface AccessPolicy {
  /** May `principal` see this run? A `false` must answer exactly like an unknown run. */
  canRead(principal: Principal, run: StoredRun): Promise<boolean>;
  /** May `principal` append to this run? (Role is checked earlier: see {@link mayWrite}.) */
  canAppend(principal: Principal, run: StoredRun): Promise<boolean>;
  /** May `principal` list its tenant's runs? */
  canList(principal: Principal): Promise<boolean>;
  /** May `principal` create a run? */
  canCreate(principal: Principal): Promise<boolean>;
}

/** Whether the role allows writing at all (a reader gets 403 before anything is read). */
export function mayWrite(principal: Principal): boolean {
  return principal.role === 'producer';
}

/** Builds the access policy from the auth options. */
export function createAccessPolicy(options: AuthOptions | undefined): AccessPolicy {
  const hook = options?.authorize;
  const ask = async (principal: Principal, action: 'read' | 'create' | 'append', run?: StoredRun) => {
    if (!hook) return true;
    const subject = run ? { id: run.snapshot.id, tenant: run.tenant, kind: run.snapshot.kind } : undefined;
    return (await hook(subject ? { principal, action, run: subject } : { principal, action })) === true;
  };
  return {
    async canRead(principal, run) {
      return run.tenant === principal.tenant && (await ask(principal, 'read', run));
    },
    async canAppend(principal, run) {
      return run.tenant === principal.tenant && mayWrite(principal) && (await ask(principal, 'append', run));
    },
    canList: (principal) => ask(principal, 'read'),
    async canCreate(principal) {
      return mayWrite(principal) && (await ask(principal, 'create'));
    },
  };
}
