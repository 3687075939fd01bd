#!/usr/bin/env node
// Verifies a Parley audit export without the server, with Node.js's standard library only:
//
//   npx parley audit export --checkpoints checkpoints.ndjson > trail.ndjson
//   node verify-audit-export.mjs trail.ndjson [--checkpoints checkpoints.ndjson] [--public-key <base64 SPKI>]
//
// Exit code 0 only when every event's hash and link verify, seq runs 1..N without a gap, and every
// checkpoint (from --checkpoints) is validly signed by the trusted key, matches the event at its seq,
// and is reached by the chain. Pass --public-key with the key you obtained from the operator (or
// `auditPublicKey`) to pin it; without it the key in the checkpoints file's publicKey line is trusted.
// Without --checkpoints only the chain itself is verified (checkpointsChecked: 0).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const GENESIS = '0'.repeat(64);

// RFC 8785 (JCS): JSON.stringify already writes strings and numbers the way JCS requires;
// objects get their keys sorted by UTF-16 code units, which is what Array.prototype.sort does.
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const keys = Object.keys(value).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonical(value[k])).join(',') + '}';
}

function eventHash(e) {
  const { seq, at, actorId, actorOrganizationId, action, resourceType, resourceId, outcome, details } = e;
  const body = canonical({ seq, at, actorId, actorOrganizationId, action, resourceType, resourceId, outcome, details });
  return createHash('sha256').update(e.prevHash + '\n' + body, 'utf8').digest('hex');
}

function signatureValid(c, publicKey) {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    const message = Buffer.from(canonical({ seq: c.seq, headHash: c.headHash, at: c.at }), 'utf8');
    return verify(null, message, key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

async function* lines(file) {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim() !== '') yield JSON.parse(line);
  }
}

async function main(argv) {
  const file = argv[0];
  const option = (name) => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : (argv[i + 1] ?? null);
  };
  const pinned = option('--public-key');
  const checkpointsFile = option('--checkpoints');
  if (!file || file.startsWith('--') || pinned === null || checkpointsFile === null) {
    console.error('usage: node verify-audit-export.mjs <export.ndjson> [--checkpoints <checkpoints.ndjson>] [--public-key <base64>]');
    return 2;
  }

  // Pass 1: the checkpoints and the public key, so that pass 2 streams the events in bounded memory.
  // Exports written before checkpoints got their own file carried them after the events; read those too.
  const checkpoints = new Map();
  let exportedKey = null;
  for (const source of checkpointsFile ? [checkpointsFile, file] : [file]) {
    for await (const line of lines(source)) {
      if (line.type === 'checkpoint') checkpoints.set(line.seq, line);
      else if (line.type === 'publicKey') exportedKey = line.publicKey;
    }
  }
  const trustedKey = pinned ?? exportedKey;

  let broken = null;
  const fail = (seq, problem) => {
    if (broken === null || seq < broken.seq) broken = { seq, problem };
  };
  if (pinned && exportedKey && pinned !== exportedKey) fail(0, 'the export names a different public key than the pinned one');
  for (const c of checkpoints.values()) {
    if (c.publicKey !== trustedKey) fail(c.seq, `checkpoint at seq ${c.seq} is signed by an untrusted key`);
    else if (!signatureValid(c, trustedKey)) fail(c.seq, `checkpoint at seq ${c.seq} has an invalid signature`);
  }

  // Pass 2: the chain.
  let expected = 1;
  let prevHash = GENESIS;
  let headSeq = 0;
  let headHash = GENESIS;
  let eventsChecked = 0;
  for await (const e of lines(file)) {
    if (e.type !== undefined) continue;
    eventsChecked++;
    headSeq = e.seq;
    headHash = e.hash;
    if (broken && broken.seq <= e.seq) continue;
    if (e.seq !== expected) {
      fail(expected, e.seq > expected ? `event ${expected} is missing` : `event ${e.seq} is out of order`);
      continue;
    }
    if (e.prevHash !== prevHash) fail(e.seq, `event ${e.seq} does not link to the previous event`);
    else if (eventHash(e) !== e.hash) fail(e.seq, `event ${e.seq} does not match its hash`);
    else if (checkpoints.has(e.seq) && checkpoints.get(e.seq).headHash !== e.hash) fail(e.seq, `event ${e.seq} differs from the signed checkpoint`);
    else {
      prevHash = e.hash;
      expected++;
    }
  }
  const latestCheckpoint = Math.max(0, ...checkpoints.keys());
  if (headSeq < latestCheckpoint) fail(headSeq + 1, `the export ends at seq ${headSeq} but a checkpoint was signed at seq ${latestCheckpoint}`);

  const result = {
    ok: broken === null,
    eventsChecked,
    checkpointsChecked: checkpoints.size,
    firstBrokenSeq: broken?.seq ?? null,
    problem: broken?.problem ?? null,
    headSeq,
    headHash,
    publicKey: trustedKey,
  };
  console.log(JSON.stringify(result, null, 2));
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`cannot verify: ${err.message}`);
    process.exit(2);
  },
);
