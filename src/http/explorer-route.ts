import type { Route } from './http-server';
import { staticFiles } from './static-files';

/**
 * The bundled GraphiQL explorer (dist/explorer, built with the console) at /explorer/, and a
 * browser opening /graphql is sent there: everything is served from this process, nothing from a
 * CDN, so it works offline.
 */
export function explorerRoute(explorerDir: string): Route {
  const files = staticFiles(explorerDir);
  return (req, res, path, search) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const wantsPage = String(req.headers.accept ?? '').includes('text/html');
    // GET /graphql?query=… is an API call even from a browser; a bare visit is a person.
    const visitToGraphql = path === '/graphql' && wantsPage && !new URLSearchParams(search).has('query');
    if (path === '/explorer' || visitToGraphql) {
      res.writeHead(302, { location: '/explorer/' });
      res.end();
      return true;
    }
    if (!path.startsWith('/explorer/')) return false;
    return files(req, res, path.slice('/explorer'.length));
  };
}
