import { defineAbilityFor } from '../auth/ability';
import { Guard } from '../auth/guard';
import type { Services } from '../app/services';
import { ADMIN_EMAIL } from '../organizations/bootstrap.service';
import { Role } from '../organizations/role';
import { CliError } from './cli-context';

/**
 * Whoever runs the CLI holds the database itself, so commands act as the platform admin
 * (`admin@localhost`): the same policies apply and the audit trail names that user.
 */
export async function operatorGuard(services: Services): Promise<Guard> {
  const admin = await services.users.findByEmailUnchecked(ADMIN_EMAIL);
  if (!admin || admin.disabledAt || !admin.roles.includes(Role.PLATFORM_ADMIN)) {
    throw new CliError(`no active platform admin ${ADMIN_EMAIL}: run \`parley bootstrap\` first`);
  }
  const actor = {
    userId: admin.id,
    organizationId: admin.organizationId,
    email: admin.email,
    roles: admin.roles,
    tokenId: '00000000-0000-0000-0000-000000000000',
    tokenSelector: 'cli',
  };
  return new Guard(actor, defineAbilityFor(actor));
}
