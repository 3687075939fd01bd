import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { sendError, sendJson, sendText } from './respond';

/** A route answers with true when it handled the request. */
export type Route = (req: IncomingMessage, res: ServerResponse, path: string, search: string) => Promise<boolean> | boolean;

export interface HttpServerOptions {
  routes: Route[];
  log: Logger;
  /** Runs each request's handling (`handle`); the shutdown coordinator tracks requests through it. */
  around?: (req: IncomingMessage, res: ServerResponse, path: string, handle: () => void) => void;
}

/**
 * Plain node:http with a list of routes: the bulk ingest endpoint needs the raw request stream,
 * which a body-parsing framework would get in the way of. Unhandled errors never leak details.
 */
export function createHttpServer({ routes, log, around }: HttpServerOptions): Server {
  return createServer((req, res) => {
    const url = parseTarget(req.url);
    if (!url) {
      // Routes decode the path themselves; one that does not decode is the client's mistake, not a 500.
      res.setHeader('connection', 'close');
      sendError(res, 400, 'BAD_USER_INPUT', 'the request path is not valid percent-encoded UTF-8');
      return;
    }
    const handle = () =>
      void (async () => {
        for (const route of routes) {
          if (await route(req, res, url.pathname, url.search)) return;
        }
        sendJson(res, 404, { error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
      })().catch((err: unknown) => {
        log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, path: url.pathname }, 'unhandled http error');
        sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
      });
    if (around) around(req, res, url.pathname, handle);
    else handle();
  });
}

/** The request target (path still percent-encoded), or null when its path does not decode to text without NUL. */
function parseTarget(raw: string | undefined): { pathname: string; search: string } | null {
  try {
    const url = new URL(raw ?? '/', 'http://localhost');
    if (decodeURIComponent(url.pathname).includes('\u0000')) return null;
    return { pathname: url.pathname, search: url.search };
  } catch {
    return null;
  }
}

export function healthRoutes(ready: () => Promise<boolean>): Route {
  return async (req, res, path) => {
    if (req.method !== 'GET') return false;
    if (path === '/healthz') {
      sendText(res, 200, 'ok\n');
      return true;
    }
    if (path === '/readyz') {
      const ok = await ready();
      sendText(res, ok ? 200 : 503, ok ? 'ready\n' : 'not ready\n');
      return true;
    }
    return false;
  };
}
