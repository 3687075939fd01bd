import type { Route } from './http-server';

/** Headers a browser client of /graphql and the REST endpoints needs to send. */
const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name';
const ALLOWED_METHODS = 'GET, POST, PUT, OPTIONS';

/**
 * Opt-in CORS for an explicit allow-list of origins (PARLEY_CORS_ORIGINS). An allowed origin gets
 * the Access-Control-* headers on every answer and its preflights answered with 204; any other
 * origin gets no CORS header at all, so the browser keeps the same-origin rule. Origins are
 * compared exactly: a wildcard would let any site read answers with a user's token.
 */
export function corsRoute(origins: readonly string[]): Route {
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    // Caches must not serve one origin's answer to another.
    if (allowed.size > 0) res.setHeader('vary', 'Origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      if (preflight) {
        res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
        res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
        res.setHeader('access-control-max-age', '600');
      }
    }
    if (!preflight) return false;
    // A preflight is answered here for every origin; without the headers above the browser refuses.
    res.statusCode = 204;
    res.end();
    return true;
  };
}
