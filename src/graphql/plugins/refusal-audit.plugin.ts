import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { AuthenticationFailed } from '../../auth/authenticator';
import { ParleyError, isRefusal } from '../../errors/errors';
import type { Services } from '../../app/services';
import type { Actor } from '../../auth/actor';
import type { GraphQLContext } from '../context';
import { rootFieldOf } from '../root-field';

const ACTION_BY_CODE: Record<string, string> = {
  UNAUTHENTICATED: 'AUTH_FAILED',
  FORBIDDEN: 'ACCESS_DENIED',
  NOT_FOUND: 'ACCESS_DENIED',
  BUDGET_EXHAUSTED: 'BUDGET_EXHAUSTED',
  RATE_LIMITED: 'RATE_LIMITED',
};

/**
 * Refusals change nothing, so no service transaction records them: this plugin does, in a
 * transaction of its own after the refused work rolled back. One event per request (the first
 * refusal); a NOT_FOUND counts only when a policy produced it (it names the hidden resource).
 * Services that audit their own refusals (private queries) mark the error as recorded.
 */
export function refusalAuditPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operation, document, schema }) {
          const refusal = errors.map((e) => unwrapResolverError(e)).find(isAuditableRefusal);
          if (!refusal || recorded.has(refusal)) return;
          // The schema's root field, never the client's operationName (free text of any size).
          await recordRefusal(contextValue.services, contextValue.guard.actor, refusal, {
            operation: rootFieldOf(schema, operation, document),
            clientAddress: contextValue.clientAddress,
          });
        },
      };
    },
  };
}

const recorded = new WeakSet<object>();

/** Lets a service that already wrote its own refusal event keep this plugin from writing another. */
export function markRecorded(error: object): void {
  recorded.add(error);
}

function isAuditableRefusal(e: unknown): e is ParleyError {
  if (!(e instanceof ParleyError)) return false;
  return isRefusal(e.code) || (e.code === 'NOT_FOUND' && e.resource !== null);
}

export async function recordRefusal(
  services: Services,
  actor: Actor | null,
  error: ParleyError,
  context: Record<string, unknown>,
): Promise<void> {
  const selector = error instanceof AuthenticationFailed ? error.selector : (actor?.tokenSelector ?? null);
  // Through the collapser: identical refusals in a window become one counted event.
  await services.refusals.record({
    actor,
    action: ACTION_BY_CODE[error.code] ?? 'REFUSED',
    resourceType: error.resource?.type ?? null,
    resourceId: error.resource?.id ?? null,
    resourceOrganizationId: error.resource?.organizationId ?? null,
    outcome: 'DENIED',
    details: {
      code: error.code,
      ...context,
      tokenSelector: selector,
      ...(error instanceof AuthenticationFailed ? { reason: error.reason } : {}),
    },
  });
  markRecorded(error);
}
