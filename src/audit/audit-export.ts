import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { toChainEvent, type AuditService } from './audit.service';

export interface ExportOptions {
  /** Append the checkpoint and public key lines after the events (default). */
  checkpoints: boolean;
}

/**
 * NDJSON: one event a line from seq 1 with exactly the AuditEvent field names, then a trailer of
 * lines that carry a `type` ("checkpoint", then one "publicKey"), which event lines never have.
 * Checkpoints are read first so that every one of them is covered by the events written after.
 */
export async function writeAuditExport(trail: AuditService, out: Writable, opts: ExportOptions): Promise<{ events: number }> {
  const checkpoints = opts.checkpoints ? await trail.allCheckpoints() : [];
  let events = 0;
  for await (const page of trail.pages()) {
    let chunk = '';
    for (const e of page) chunk += JSON.stringify(toChainEvent(e)) + '\n';
    events += page.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (opts.checkpoints) {
    let trailer = '';
    for (const c of checkpoints) {
      trailer += JSON.stringify({ type: 'checkpoint', seq: c.seq, headHash: c.headHash, at: c.at, signature: c.signature, publicKey: c.publicKey }) + '\n';
    }
    trailer += JSON.stringify({ type: 'publicKey', algorithm: 'Ed25519', publicKey: trail.signingPublicKey }) + '\n';
    if (!out.write(trailer)) await once(out, 'drain');
  }
  return { events };
}
