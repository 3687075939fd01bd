import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Guard } from '../auth/guard';
import { rulesToSql } from '../auth/rules-to-sql';
import type { Transactor } from '../db/transaction';
import { BadUserInputError, NotFoundError } from '../errors/errors';
import { requireUuid } from '../errors/input';
import type { FederationPeerEntity, PeerStatusValue } from './peer.entity';
import type { PeerAnswer, PeerClient } from './peer-client';
import { PEER_SUBJECT_SQL, type PeerStore } from './peer.store';
import type { PeerTokenCipher } from './peer-token-cipher';

export interface RegisterPeerFields {
  name: string;
  url: string;
  token: string;
}

/** A peer ready to be called: the token decrypted for this request only. */
export interface CallablePeer {
  peer: FederationPeerEntity;
  token: string;
}

const PROBE = '{ me { id roles } }';

/**
 * Peers of an organization: other Parley deployments where it is a partner. ORG_ADMINs register
 * and remove them; analysts of the organization query through them. The token is encrypted
 * before it reaches the database and is decrypted only to call the peer; it is never returned,
 * logged or audited (the audit trail keeps its prefix).
 */
export class PeerService {
  constructor(
    private readonly tx: Transactor,
    private readonly store: PeerStore,
    private readonly cipher: PeerTokenCipher,
    private readonly client: PeerClient,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  async register(guard: Guard, input: RegisterPeerFields): Promise<FederationPeerEntity> {
    const actor = guard.requireUser();
    guard.ensure('create', 'FederationPeer', { id: '', organizationId: actor.organizationId }, 'peer');
    const name = input.name.trim();
    if (name.length < 1 || name.length > 200) throw new BadUserInputError('name must be 1 to 200 characters', 'name');
    const url = peerUrl(input.url);
    const token = input.token.trim();
    if (token.length < 16 || token.length > 500 || /\s/.test(token)) throw new BadUserInputError('token must be 16 to 500 characters without spaces', 'token');
    // One contact now tells the admin whether the URL and token work; a peer that is down can
    // still be registered (status UNREACHABLE), a token that is refused or not an analyst's cannot.
    const probe = await this.client.request<{ me: { roles: string[] } }>(url, token, PROBE, {});
    const status = statusOf(probe);
    if (probe.kind === 'refused') throw new BadUserInputError(`the peer refused the token (${probe.code})`, 'token');
    if (probe.kind === 'data' && !probe.data.me.roles.includes('ANALYST')) {
      throw new BadUserInputError('the token must belong to an ANALYST on the peer', 'token');
    }
    const id = randomUUID();
    const at = this.now();
    return this.tx.run(async (m) => {
      const peer = await this.store.insert(m, {
        id,
        organizationId: actor.organizationId,
        name,
        url,
        tokenCiphertext: this.cipher.encrypt(token, id),
        tokenPrefix: prefixOf(token),
        status,
        lastCheckedAt: at,
        createdBy: actor.userId,
        createdAt: at,
      });
      await this.audit.success(m, actor, 'PEER_REGISTERED', { type: 'FederationPeer', id, organizationId: actor.organizationId }, { name, url, tokenPrefix: peer.tokenPrefix, status });
      return peer;
    });
  }

  async remove(guard: Guard, id: string): Promise<FederationPeerEntity> {
    const actor = guard.requireUser();
    const peerId = requireUuid(id, 'id');
    return this.tx.run(async (m) => {
      const peer = await this.store.findById(m, peerId);
      if (!peer) throw NotFoundError.missing('peer', 'FederationPeer', peerId);
      guard.ensure('delete', 'FederationPeer', subjectOf(peer), 'peer');
      await this.store.delete(m, peerId);
      await this.audit.success(m, actor, 'PEER_REMOVED', { type: 'FederationPeer', id: peerId, organizationId: peer.organizationId }, {
        name: peer.name,
        url: peer.url,
        tokenPrefix: peer.tokenPrefix,
      });
      return peer;
    });
  }

  list(guard: Guard): Promise<FederationPeerEntity[]> {
    guard.requireUser();
    const visible = rulesToSql(guard.ability, 'read', 'FederationPeer', PEER_SUBJECT_SQL);
    if (!visible) return Promise.resolve([]);
    return this.store.list(this.tx.manager, visible);
  }

  /** For `node(id:)` and nested fields: the peer when the caller may read it, else null. */
  async find(guard: Guard, id: string): Promise<FederationPeerEntity | null> {
    guard.requireUser();
    const peer = await this.store.findById(this.tx.manager, requireUuid(id, 'id'));
    return peer && guard.can('read', 'FederationPeer', subjectOf(peer)) ? peer : null;
  }

  /** A peer the caller may query through, with its token: NOT_FOUND / FORBIDDEN otherwise. */
  async forQuery(guard: Guard, id: string, field: string): Promise<CallablePeer> {
    const peerId = requireUuid(id, field);
    const peer = await this.store.findById(this.tx.manager, peerId);
    if (!peer) throw NotFoundError.missing('peer', 'FederationPeer', peerId);
    guard.ensure('query', 'FederationPeer', subjectOf(peer), 'peer');
    try {
      return { peer, token: this.cipher.decrypt(peer.tokenCiphertext, peer.id) };
    } catch {
      // Only a changed PARLEY_SECRET (or a tampered row) does this; the admin registers the peer again.
      throw new BadUserInputError(`the stored token of peer "${peer.name}" cannot be read (was PARLEY_SECRET changed?): register the peer again`, field);
    }
  }

  /** Records what the last contact showed; a status, not an action, so it is not audited. */
  async recordContact(peer: FederationPeerEntity, answer: PeerAnswer<unknown>): Promise<FederationPeerEntity> {
    const status = statusOf(answer);
    const at = this.now();
    await this.tx.run((m) => this.store.setStatus(m, peer.id, status, at));
    return { ...peer, status, lastCheckedAt: at };
  }
}

export function subjectOf(peer: FederationPeerEntity): { id: string; organizationId: string } {
  return { id: peer.id, organizationId: peer.organizationId };
}

function statusOf(answer: PeerAnswer<unknown>): PeerStatusValue {
  if (answer.kind === 'data') return 'OK';
  if (answer.kind === 'unreachable') return 'UNREACHABLE';
  return answer.code === 'UNAUTHENTICATED' ? 'UNAUTHORIZED' : 'OK';
}

/** http(s) only, no credentials in the URL (the token travels in the Authorization header). */
function peerUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError('url is not a valid URL', 'url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BadUserInputError('url must be http or https', 'url');
  if (url.username || url.password) throw new BadUserInputError('url must not carry credentials; pass the token instead', 'url');
  if (text.length > 2000) throw new BadUserInputError('url must be at most 2000 characters', 'url');
  return url.toString();
}

/** Enough to recognise the token: a Parley token's public selector, else its first four characters. */
function prefixOf(token: string): string {
  const parley = /^(prl_[0-9a-f]{16})_/.exec(token);
  return parley ? parley[1]! : `${token.slice(0, 4)}…`;
}
