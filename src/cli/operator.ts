import type { Actor } from '../auth/actor';
import { Guard } from '../auth/guard';
import type { Services } from '../app/services';
import { ADMIN_EMAIL } from '../organizations/bootstrap.service';
import { Role } from '../organizations/role';
import type { UserEntity } from '../organizations/user.entity';
import { CliError } from './cli-context';

/** CLI calls use no token; this nil id and the selector "cli" mark them as such wherever a token is named. */
const CLI_TOKEN_ID = '00000000-0000-0000-0000-000000000000';
export const CLI_TOKEN_SELECTOR = 'cli';

/**
 * Whoever runs the CLI holds the database itself, so every command acts as the platform admin
 * (`admin@localhost`): the same policies apply where a command goes through them, and every audit
 * event a command appends names that user as its actor.
 */
export function operatorActor(admin: UserEntity): Actor {
  return {
    userId: admin.id,
    organizationId: admin.organizationId,
    email: admin.email,
    roles: admin.roles,
    tokenId: CLI_TOKEN_ID,
    tokenSelector: CLI_TOKEN_SELECTOR,
  };
}

/** The operator's actor; refuses when there is no active platform admin to act as. */
export async function requireOperator(services: Services): Promise<Actor> {
  const admin = await services.users.findByEmailUnchecked(ADMIN_EMAIL);
  if (!admin || admin.disabledAt || !admin.roles.includes(Role.PLATFORM_ADMIN)) {
    throw new CliError(`no active platform admin ${ADMIN_EMAIL}: run \`parley bootstrap\` first`);
  }
  return operatorActor(admin);
}

export async function operatorGuard(services: Services): Promise<Guard> {
  const actor = await requireOperator(services);
  return Guard.for(actor);
}
