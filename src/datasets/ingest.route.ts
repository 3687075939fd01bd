import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import { AuthenticationFailed, type Authenticator } from '../auth/authenticator';
import type { RequestLimits } from '../auth/request-limits';
import { Guard } from '../auth/guard';
import { RefusalRecorder } from '../audit/refusal-recorder';
import { BadUserInputError, ParleyError, RateLimitedError } from '../errors/errors';
import type { Route } from '../http/http-server';
import { clientAddressOf } from '../http/request-context';
import { sendError, sendJson } from '../http/respond';
import type { IngestOptions, IngestService } from './ingest.service';

const PATH = /^\/v1\/datasets\/([^/]+)\/rows\/?$/;
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/octet-stream'];
const OPERATION = 'PUT /v1/datasets/:id/rows';

/** What the route uses of the services (buildServices supplies them; the route knows no more). */
export interface IngestRouteServices {
  limits: Pick<RequestLimits, 'admitAddress' | 'authenticationFailed'>;
  authenticator: Pick<Authenticator, 'authenticate' | 'abilityOf'>;
  refusals: Pick<RefusalRecorder, 'record'>;
  ingest: Pick<IngestService, 'ingest'>;
}

/**
 * `PUT /v1/datasets/:id/rows?mode=APPEND|REPLACE&strict=true`: the streaming entrance to the ingest
 * pipeline. The body is never buffered whole, so there is no size limit; the answer is the report.
 */
export function ingestRoute(services: IngestRouteServices, log: Logger): Route {
  return async (req, res, path, search) => {
    const match = PATH.exec(path);
    if (!match) return false;
    if (req.method !== 'PUT') {
      refuse(req, res, 405, 'BAD_USER_INPUT', 'use PUT to upload rows', { allow: 'PUT' });
      return true;
    }
    const clientAddress = clientAddressOf(req);
    let actor: Actor;
    try {
      // Address limits before the token lookup, as for GraphQL (src/auth/request-limits.ts).
      await services.limits.admitAddress(clientAddress, req.headers.authorization !== undefined);
      actor = await services.authenticator.authenticate(req.headers.authorization);
    } catch (e) {
      if (!(e instanceof ParleyError)) throw e;
      if (e instanceof AuthenticationFailed) await services.limits.authenticationFailed(clientAddress);
      await services.refusals.record(null, e, { operation: OPERATION, clientAddress });
      refuse(req, res, e.status, e.code, e.message, retryAfterOf(e));
      return true;
    }
    const guard = new Guard(actor, services.authenticator.abilityOf(actor));
    try {
      const opts = parseOptions(search, req.headers['content-type']);
      const report = await services.ingest.ingest(guard, decodeURIComponent(match[1]!), req, opts);
      sendJson(res, 200, report);
    } catch (e) {
      if (e instanceof ParleyError) {
        if (RefusalRecorder.isUnrecorded(e)) await services.refusals.record(actor, e, { operation: OPERATION, clientAddress });
        const retry = e instanceof RateLimitedError ? { 'retry-after': String(e.extensions.retryAfterSeconds) } : undefined;
        refuse(req, res, e.status, e.code, e.message, retry);
        return true;
      }
      // Only an answer already sent, or a socket gone, ends here silently: a request still open always gets one.
      if (res.headersSent || res.destroyed) return true;
      log.error({ err: { message: (e as Error).message }, path }, 'ingest failed');
      refuse(req, res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
    }
    return true;
  };
}

function parseOptions(search: string, contentType: string | undefined): IngestOptions {
  const params = new URLSearchParams(search);
  const mode = (params.get('mode') ?? 'APPEND').toUpperCase();
  if (mode !== 'APPEND' && mode !== 'REPLACE') throw new BadUserInputError('mode must be APPEND or REPLACE', 'mode');
  const strictText = (params.get('strict') ?? 'false').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(strictText)) throw new BadUserInputError('strict must be true or false', 'strict');
  const type = (contentType ?? 'text/csv').split(';')[0]!.trim().toLowerCase();
  if (!CSV_TYPES.includes(type)) throw new BadUserInputError('the body must be CSV (Content-Type: text/csv)', 'Content-Type');
  return { mode, strict: strictText === 'true' || strictText === '1', via: 'http' };
}

/** An error may come before the body was read: close the connection rather than read the rest. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  if (!req.readableEnded) res.setHeader('connection', 'close');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  sendError(res, status, code, message);
}

function retryAfterOf(e: ParleyError): Record<string, string> {
  const seconds = e.extensions.retryAfterSeconds;
  return typeof seconds === 'number' ? { 'retry-after': String(seconds) } : {};
}
