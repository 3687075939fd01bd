import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import { AuthenticationFailed, type Authenticator } from '../auth/authenticator';
import type { RequestLimits } from '../auth/request-limits';
import { Guard } from '../auth/guard';
import { ParleyError } from '../errors/errors';
import { RefusalRecorder } from '../audit/refusal-recorder';
import type { Route } from '../http/http-server';
import { clientAddressOf } from '../http/request-context';
import { sendError } from '../http/respond';
import { csvHeader } from './synthetic-csv';
import type { SyntheticDataService } from './synthetic-data.service';

const PATH = /^\/v1\/synthetic\/([^/]+)\.csv$/;
const OPERATION = 'GET /v1/synthetic/:id.csv';

/** What the route uses of the services (buildServices supplies them; the route knows no more). */
export interface SyntheticCsvServices {
  limits: Pick<RequestLimits, 'admitAddress' | 'authenticationFailed'>;
  authenticator: Pick<Authenticator, 'authenticate'>;
  refusals: Pick<RefusalRecorder, 'record'>;
  syntheticData: Pick<SyntheticDataService, 'get' | 'chunks'>;
}

/**
 * `GET /v1/synthetic/:id.csv`: the stored rows of a synthetic dataset, header first, streamed chunk
 * by chunk from the database. Bearer token of the partner organization that made it or of the
 * owner's admins; anyone else gets 404, as for an id that names nothing, and the refusal is audited.
 */
export function syntheticCsvRoute(services: SyntheticCsvServices, log: Logger): Route {
  return async (req, res, path) => {
    const match = PATH.exec(path);
    if (!match) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      sendError(res, 405, 'BAD_USER_INPUT', 'use GET to download synthetic rows');
      return true;
    }
    const clientAddress = clientAddressOf(req);
    let actor: Actor | null = null;
    try {
      await services.limits.admitAddress(clientAddress, req.headers.authorization !== undefined);
      try {
        actor = await services.authenticator.authenticate(req.headers.authorization);
      } catch (e) {
        if (e instanceof AuthenticationFailed) await services.limits.authenticationFailed(clientAddress);
        throw e;
      }
      const guard = Guard.for(actor);
      const dataset = await services.syntheticData.get(guard, decodeURIComponent(match[1]!));
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="synthetic-${dataset.id}.csv"`,
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return true;
      }
      await write(res, csvHeader(dataset.columns));
      for await (const chunk of services.syntheticData.chunks(dataset)) {
        if (res.destroyed) return true;
        await write(res, chunk);
      }
      res.end();
    } catch (e) {
      if (e instanceof ParleyError) {
        if (RefusalRecorder.isUnrecorded(e)) await services.refusals.record(actor, e, { operation: OPERATION, clientAddress });
        if (typeof e.extensions.retryAfterSeconds === 'number') res.setHeader('retry-after', String(e.extensions.retryAfterSeconds));
        sendError(res, e.status, e.code, e.message);
        return true;
      }
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return true;
      }
      log.error({ err: { message: (e as Error).message }, path }, 'synthetic download failed');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
    }
    return true;
  };
}

/** Honours back-pressure: a slow client never makes the server buffer the whole file. */
function write(res: ServerResponse, text: string): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
