import type { EntityManager } from 'typeorm';
import type { SignedCheckpoint } from './checkpoint-signer';

interface CheckpointRow {
  seq: string;
  head_hash: string;
  at: Date;
  signature: string;
  public_key: string;
  key_id: string;
}

const COLUMNS = 'seq, head_hash, at, signature, public_key, key_id';

function fromRow(r: CheckpointRow): SignedCheckpoint {
  return {
    seq: Number(r.seq),
    headHash: r.head_hash,
    at: new Date(r.at).toISOString(),
    signature: r.signature,
    publicKey: r.public_key,
    keyId: r.key_id,
  };
}

export class AuditCheckpointStore {
  /** Inserts unless a checkpoint at that seq exists already (another process signed it first). */
  async insert(m: EntityManager, c: SignedCheckpoint): Promise<SignedCheckpoint> {
    const inserted: CheckpointRow[] = await m.query(
      `INSERT INTO audit_checkpoints (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (seq) DO NOTHING RETURNING ${COLUMNS}`,
      [c.seq, c.headHash, c.at, c.signature, c.publicKey, c.keyId],
    );
    if (inserted.length) return fromRow(inserted[0]!);
    const existing: CheckpointRow[] = await m.query(`SELECT ${COLUMNS} FROM audit_checkpoints WHERE seq = $1`, [c.seq]);
    return fromRow(existing[0]!);
  }

  async latest(m: EntityManager): Promise<SignedCheckpoint | null> {
    const rows: CheckpointRow[] = await m.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`);
    return rows.length ? fromRow(rows[0]!) : null;
  }

  /** The latest `n`, in ascending seq. */
  async last(m: EntityManager, n: number): Promise<SignedCheckpoint[]> {
    const rows: CheckpointRow[] = await m.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq DESC LIMIT $1`, [n]);
    return rows.map(fromRow).reverse();
  }

  /** All of them, ascending: one per thousands of events, so they fit in memory. */
  async all(m: EntityManager): Promise<SignedCheckpoint[]> {
    const rows: CheckpointRow[] = await m.query(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY seq`);
    return rows.map(fromRow);
  }
}
