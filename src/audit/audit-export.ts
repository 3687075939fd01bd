import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { toChainEvent, type AuditService } from './audit.service';

export interface ExportOptions {
  /**
   * Where the checkpoint lines and the closing publicKey line go, if anywhere. They never go to the
   * event stream: that stays pure NDJSON of events, as the contract promises.
   */
  checkpoints?: Writable;
}

/**
 * Writes one event a line from seq 1 with exactly the AuditEvent field names, and nothing else, to
 * `out`. With `checkpoints`, writes there one line a signed checkpoint ("type":"checkpoint") and one
 * "type":"publicKey" line. Checkpoints are read before the events so that every one of them is covered
 * by the events written after.
 */
export async function writeAuditExport(trail: AuditService, out: Writable, opts: ExportOptions = {}): Promise<{ events: number; checkpoints: number }> {
  const checkpoints = opts.checkpoints ? await trail.allCheckpoints() : [];
  let events = 0;
  for await (const page of trail.pages()) {
    let chunk = '';
    for (const e of page) chunk += JSON.stringify(toChainEvent(e)) + '\n';
    events += page.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  if (opts.checkpoints) {
    let lines = '';
    for (const c of checkpoints) {
      lines += JSON.stringify({ type: 'checkpoint', seq: c.seq, headHash: c.headHash, at: c.at, signature: c.signature, publicKey: c.publicKey }) + '\n';
    }
    lines += JSON.stringify({ type: 'publicKey', algorithm: 'Ed25519', publicKey: trail.signingPublicKey }) + '\n';
    if (!opts.checkpoints.write(lines)) await once(opts.checkpoints, 'drain');
  }
  return { events, checkpoints: checkpoints.length };
}
