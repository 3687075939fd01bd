import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PeerStatusValue = 'UNKNOWN' | 'OK' | 'UNREACHABLE' | 'UNAUTHORIZED';

@Entity({ name: 'federation_peers' })
export class FederationPeerEntity {
  /** Chosen before the insert: the token's ciphertext is bound to it (see peer-token-cipher.ts). */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('text')
  name!: string;

  @Column('text')
  url!: string;

  /** AES-256-GCM ciphertext of the token issued on the peer; never decrypted except to call the peer. */
  @Column('text', { name: 'token_ciphertext' })
  tokenCiphertext!: string;

  @Column('text', { name: 'token_prefix' })
  tokenPrefix!: string;

  @Column('text')
  status!: PeerStatusValue;

  @Column('timestamptz', { name: 'last_checked_at', nullable: true })
  lastCheckedAt!: Date | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
