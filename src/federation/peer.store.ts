import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import { FederationPeerEntity, type PeerStatusValue } from './peer.entity';

/** Columns of the FederationPeer subject, for lists filtered in SQL by the caller's rules. */
export const PEER_SUBJECT_SQL = { id: 'p.id', organizationId: 'p.organization_id' };

export class PeerStore {
  findById(m: EntityManager, id: string): Promise<FederationPeerEntity | null> {
    return m.findOne(FederationPeerEntity, { where: { id } });
  }

  list(m: EntityManager, visible: SqlCondition): Promise<FederationPeerEntity[]> {
    return m.createQueryBuilder(FederationPeerEntity, 'p').where(visible.sql, visible.params).orderBy('p.created_at').addOrderBy('p.id').getMany();
  }

  insert(m: EntityManager, peer: FederationPeerEntity): Promise<FederationPeerEntity> {
    return m.save(m.create(FederationPeerEntity, peer));
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.delete(FederationPeerEntity, { id });
  }

  async setStatus(m: EntityManager, id: string, status: PeerStatusValue, at: Date): Promise<void> {
    await m.update(FederationPeerEntity, { id }, { status, lastCheckedAt: at });
  }
}
