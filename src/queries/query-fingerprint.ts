import { createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { NormalizedQuery } from './query-model';

/**
 * The cache key of a query: HMAC-SHA256 under the service secret over the RFC 8785 canonical JSON
 * of the normalized query (agreement, dataset version, sorted aggregations and filters, ordered
 * group-by, ε). Keyed, so that a stored fingerprint says nothing about the query to anyone who
 * reads the table without the secret, and cannot be precomputed for guessed queries.
 */
export function queryFingerprint(secret: string, query: NormalizedQuery): string {
  const body = canonicalize({ v: 1, ...query }) as string;
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}
