import type { Logger } from 'pino';
import type { Guard } from '../auth/guard';
import type { Services } from '../app/services';

/** Built once per request by the HTTP layer. Authentication failures are kept, not thrown, so
 *  that `health` answers without a token; every other resolver asks for `guard.requireUser()`. */
export interface GraphQLContext {
  requestId: string;
  clientAddress: string;
  guard: Guard;
  services: Services;
  log: Logger;
}
