import { generateKeyPairSync } from 'node:crypto';
import { AuditChainVerifier, type ChainEvent } from './audit-chain-verifier';
import { GENESIS_HASH, eventHash } from './audit-hash';
import { parseSigningKey } from '../config/signing-key';
import { CheckpointSigner, generateSigningKeyPem } from './checkpoint-signer';

function chain(n: number): ChainEvent[] {
  const out: ChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      seq,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
      actorId: null,
      actorOrganizationId: null,
      action: 'TEST',
      resourceType: null,
      resourceId: null,
      outcome: 'SUCCESS',
      details: { n: seq, nested: { b: 1, a: [1, 'x'] } },
    };
    const hash = eventHash(prev, fields);
    out.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

function verify(events: ChainEvent[], checkpoints: Parameters<CheckpointSigner['sign']>[0][] = [], signer = new CheckpointSigner(parseSigningKey(generateSigningKeyPem()))) {
  const v = new AuditChainVerifier(checkpoints.map((c) => signer.sign(c)), [signer.publicKey]);
  for (const e of events) v.add(e);
  return v.result();
}

describe('AuditChainVerifier', () => {
  it('accepts an intact chain and reports its head', () => {
    const events = chain(10);
    expect(verify(events)).toMatchObject({ ok: true, eventsChecked: 10, firstBrokenSeq: null, headSeq: 10, headHash: events[9]!.hash });
    expect(verify([])).toMatchObject({ ok: true, headSeq: 0, headHash: GENESIS_HASH });
  });

  it('finds a changed event, a removed event and a broken link', () => {
    const changed = chain(10);
    changed[3] = { ...changed[3]!, details: { n: 99 } };
    expect(verify(changed)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    const removed = chain(10).filter((e) => e.seq !== 6);
    expect(verify(removed)).toMatchObject({ ok: false, firstBrokenSeq: 6 });
    const relinked = chain(10);
    relinked[7] = { ...relinked[7]!, prevHash: GENESIS_HASH };
    expect(verify(relinked)).toMatchObject({ ok: false, firstBrokenSeq: 8 });
  });

  it('uses checkpoints to catch truncation and rewritten history', () => {
    const events = chain(10);
    const at = new Date().toISOString();
    expect(verify(events, [{ seq: 8, headHash: events[7]!.hash, at }])).toMatchObject({ ok: true, checkpointsChecked: 1 });
    expect(verify(events.slice(0, 5), [{ seq: 8, headHash: events[7]!.hash, at }])).toMatchObject({ ok: false, firstBrokenSeq: 6 });
    expect(verify(events, [{ seq: 8, headHash: 'f'.repeat(64), at }])).toMatchObject({ ok: false, firstBrokenSeq: 8 });
  });

  it('rejects a checkpoint with a forged signature or by another key', () => {
    const events = chain(3);
    const signer = new CheckpointSigner(parseSigningKey(generateSigningKeyPem()));
    const good = signer.sign({ seq: 3, headHash: events[2]!.hash, at: new Date().toISOString() });
    const forged = { ...good, headHash: events[1]!.hash, seq: 2 };
    const v1 = new AuditChainVerifier([forged], [signer.publicKey]);
    events.forEach((e) => v1.add(e));
    expect(v1.result()).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    const other = new CheckpointSigner(parseSigningKey(generateSigningKeyPem()));
    const v2 = new AuditChainVerifier([good], [other.publicKey]);
    events.forEach((e) => v2.add(e));
    expect(v2.result()).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('reads signing keys as PEM or base64 DER and refuses other key types', () => {
    const pem = generateSigningKeyPem();
    const der = parseSigningKey(pem).export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(new CheckpointSigner(parseSigningKey(der)).publicKey).toBe(new CheckpointSigner(parseSigningKey(pem)).publicKey);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parseSigningKey(rsa)).toThrow(/Ed25519/);
    expect(() => parseSigningKey('not a key')).toThrow();
  });
});
