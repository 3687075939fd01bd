import type { EntityManager } from 'typeorm';

/** The kinds of object whose ids are UUIDs unique across every table. */
export type LocatedKind = 'Organization' | 'User' | 'ApiToken' | 'Dataset' | 'Agreement' | 'AuditEvent' | 'SyntheticDataset' | 'FederationPeer';

/** Which table holds an id: one indexed probe per table, in one round trip. */
const LOCATE_SQL = `
  SELECT 'Organization' AS kind FROM organizations WHERE id = $1
  UNION ALL SELECT 'User' FROM users WHERE id = $1
  UNION ALL SELECT 'ApiToken' FROM api_tokens WHERE id = $1
  UNION ALL SELECT 'Dataset' FROM datasets WHERE id = $1
  UNION ALL SELECT 'Agreement' FROM agreements WHERE id = $1
  UNION ALL SELECT 'AuditEvent' FROM audit_events WHERE id = $1
  UNION ALL SELECT 'SyntheticDataset' FROM synthetic_datasets WHERE id = $1
  UNION ALL SELECT 'FederationPeer' FROM federation_peers WHERE id = $1
  LIMIT 1`;

/**
 * Reads only ids, never rows, across the tables: what kind of object an id names, so that the
 * caller asks that kind's own service (and its policies) for the object itself.
 */
export class IdLocatorStore {
  async kindOf(m: EntityManager, id: string): Promise<LocatedKind | null> {
    const rows: { kind: LocatedKind }[] = await m.query(LOCATE_SQL, [id]);
    return rows[0]?.kind ?? null;
  }
}
