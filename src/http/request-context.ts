import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor';
import { AuthenticationFailed } from '../auth/authenticator';
import { Guard } from '../auth/guard';
import type { Services } from '../app/services';
import type { GraphQLContext } from '../graphql/context';

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

export function clientAddressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Authenticates once per request (after the address limits in graphql-handler.ts). A presented
 * token that fails counts against its address and is recorded in the audit trail right away
 * (collapsed with identical ones, see RefusalCollapser); its error is kept in the guard and thrown at the
 * first resolver that needs a user, so `health` still answers.
 */
export async function buildContext(req: IncomingMessage, services: Services, log: Logger): Promise<GraphQLContext> {
  const requestId = requestIdOf(req);
  const clientAddress = clientAddressOf(req);
  const reqLog = log.child({ requestId });
  let actor: Actor | null = null;
  let failure: Error | null = null;
  if (req.headers.authorization !== undefined) {
    try {
      actor = await services.authenticator.authenticate(req.headers.authorization);
    } catch (e) {
      if (!(e instanceof AuthenticationFailed)) throw e;
      failure = e;
      await services.limits.authenticationFailed(clientAddress);
      await services.refusals.record(null, e, { operation: 'authenticate', clientAddress });
    }
  }
  return {
    requestId,
    clientAddress,
    guard: new Guard(actor, services.authenticator.abilityOf(actor), failure),
    services,
    log: reqLog,
  };
}
