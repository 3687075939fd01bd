import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { Services } from '../app/services';
import type { GraphQLContext } from '../graphql/context';
import { PayloadTooLarge, readBody } from './body';
import { RateLimitedError } from '../errors/errors';
import { buildContext, clientAddressOf } from './request-context';
import { sendJson } from './respond';
import { decodeUtf8, unsafeTextIn } from './unsafe-text';

function badInput(res: ServerResponse, message: string): void {
  sendJson(res, 400, { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });
}

export const GRAPHQL_BODY_LIMIT = 16 * 1024 * 1024;

/** Node's http server in front of Apollo: body limit, JSON parsing, then Apollo's own handling. */
export function graphqlHandler(apollo: ApolloServer<GraphQLContext>, services: Services, log: Logger) {
  return async (req: IncomingMessage, res: ServerResponse, search: string): Promise<void> => {
    if (!(await admitted(req, res, services))) return;
    let body: unknown = undefined;
    if (req.method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(req, GRAPHQL_BODY_LIMIT);
      } catch (e) {
        if (e instanceof PayloadTooLarge) {
          sendJson(res, 413, { errors: [{ message: 'request body too large', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
        throw e;
      }
      const text = decodeUtf8(raw);
      if (text === null) return badInput(res, 'the request body is not valid UTF-8');
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('application/json')) {
        try {
          body = raw.length ? JSON.parse(text) : undefined;
        } catch {
          sendJson(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
      } else {
        body = text;
      }
    }
    const unsafe = unsafeTextIn(body) ?? unsafeTextIn(Object.fromEntries(new URLSearchParams(search)));
    if (unsafe) return badInput(res, unsafe);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search, body },
      context: () => buildContext(req, services, log),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/**
 * The address limits, before the body is read or a token looked up: a flood from one address costs
 * a counter, not a database lookup and an audit row per request. The refusal is audited (collapsed
 * with identical ones) and answered in the GraphQL error shape with 429 and Retry-After.
 */
async function admitted(req: IncomingMessage, res: ServerResponse, services: Services): Promise<boolean> {
  const clientAddress = clientAddressOf(req);
  try {
    await services.limits.admitAddress(clientAddress, req.headers.authorization !== undefined);
    return true;
  } catch (e) {
    if (!(e instanceof RateLimitedError)) throw e;
    await services.refusals.record(null, e, { operation: 'graphql', clientAddress, stage: 'before authentication' });
    sendJson(res, 429, { errors: [e.toJSON()] }, { 'retry-after': String(e.extensions.retryAfterSeconds) });
    return false;
  }
}
