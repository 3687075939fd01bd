import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

/** Exactly the fields the contract puts under the hash, in the contract's representation. */
export interface ChainedFields {
  seq: number;
  /** `Date.prototype.toISOString()` form. */
  at: string;
  actorId: string | null;
  actorOrganizationId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  details: unknown;
}

/** hash = sha256_hex(prevHash + "\n" + JCS(fields)), absent values as null (RFC 8785). */
export function eventHash(prevHash: string, f: ChainedFields): string {
  const body = canonicalize({
    seq: f.seq,
    at: f.at,
    actorId: f.actorId ?? null,
    actorOrganizationId: f.actorOrganizationId ?? null,
    action: f.action,
    resourceType: f.resourceType ?? null,
    resourceId: f.resourceId ?? null,
    outcome: f.outcome,
    details: f.details ?? null,
  });
  if (body === undefined) throw new Error('audit event is not serializable');
  return createHash('sha256').update(prevHash + '\n' + body, 'utf8').digest('hex');
}

/**
 * The same canonical body split around `at` and `seq`, the two values the database fills in under
 * the chain lock (see the audit_append function): body = beforeAt + JSON(at) + beforeSeq + seq + "}".
 * JCS sorts keys by UTF-16 code units, so the order below is the canonical one and `seq` comes last.
 */
export function eventBodyParts(f: Omit<ChainedFields, 'seq' | 'at'>): { beforeAt: string; beforeSeq: string } {
  const json = (v: unknown) => {
    const s = canonicalize(v ?? null);
    if (s === undefined) throw new Error('audit event is not serializable');
    return s;
  };
  return {
    beforeAt: `{"action":${json(f.action)},"actorId":${json(f.actorId)},"actorOrganizationId":${json(f.actorOrganizationId)},"at":`,
    beforeSeq:
      `,"details":${json(f.details)},"outcome":${json(f.outcome)},"resourceId":${json(f.resourceId)}` +
      `,"resourceType":${json(f.resourceType)},"seq":`,
  };
}
