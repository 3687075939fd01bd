import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Peers: other Parley deployments an organization's analysts query through (federated queries).
 * The token issued there is stored only as AES-256-GCM ciphertext (see peer-token-cipher.ts);
 * `token_prefix` is the few characters shown to recognise it. Removing a peer deletes its row,
 * and with it the only copy of the token.
 */
export class FederationPeers1764500000300 implements MigrationInterface {
  name = 'FederationPeers1764500000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS federation_peers (
        id uuid PRIMARY KEY,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        name text NOT NULL,
        url text NOT NULL,
        token_ciphertext text NOT NULL,
        token_prefix text NOT NULL,
        status text NOT NULL DEFAULT 'UNKNOWN' CHECK (status IN ('UNKNOWN', 'OK', 'UNREACHABLE', 'UNAUTHORIZED')),
        last_checked_at timestamptz,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS federation_peers_organization_idx ON federation_peers (organization_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS federation_peers`);
  }
}
