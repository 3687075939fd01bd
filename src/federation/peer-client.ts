/** What came back from a peer: its data, its refusal (a GraphQL error), or nothing usable. */
export type PeerAnswer<T> =
  | { kind: 'data'; data: T }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'unreachable'; message: string };

/** Part error code for a peer that did not answer in time, or not with a GraphQL response. */
export const PEER_UNREACHABLE = 'PEER_UNREACHABLE';

/** Callers clip further once they have scrubbed the message (see federated-query.service.ts). */
const MAX_MESSAGE = 4000;
/** Far above any answer a query's work bound allows; stops a hostile peer from exhausting memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * GraphQL over HTTP to a registered peer, with Node's fetch. Each request has its own deadline
 * (AbortController), follows no redirects (requests go to the registered URL only), and never
 * puts the token, the URL or the transport's own error text into what it returns: callers pass
 * the answer on to analysts and into the audit trail.
 */
export class PeerClient {
  constructor(
    private readonly timeoutMs: number,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async request<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<PeerAnswer<T>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const res = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        redirect: 'error',
        signal: controller.signal,
      });
      if (Number(res.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return unreachable('the peer answered more than the size limit');
      const text = await res.text();
      if (text.length > MAX_BODY_BYTES) return unreachable('the peer answered more than the size limit');
      let body: { data?: T | null; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return unreachable(`the peer answered HTTP ${res.status} without a GraphQL response`);
      }
      const error = body.errors?.[0];
      if (error) {
        const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR';
        const message = typeof error.message === 'string' ? error.message.slice(0, MAX_MESSAGE) : 'the peer refused the request';
        return { kind: 'refused', code, message };
      }
      if (!body.data) return unreachable(`the peer answered HTTP ${res.status} without data`);
      return { kind: 'data', data: body.data };
    } catch {
      return unreachable(controller.signal.aborted ? `the peer did not answer within ${this.timeoutMs} ms` : 'the peer could not be reached');
    } finally {
      clearTimeout(timer);
    }
  }
}

function unreachable(message: string): { kind: 'unreachable'; message: string } {
  return { kind: 'unreachable', message };
}
