import type { Command } from 'commander';
import { ALL_ROLES, type Role } from '../organizations/role';
import { CliError, EXIT, type CliGlobalOptions } from './cli-context';
import { withCli } from './with-cli';

/** The operator's guard, loaded with the command (policies pull in CASL and the services' types). */
const operatorGuard: typeof import('./operator').operatorGuard = async (services) => (require('./operator') as typeof import('./operator')).operatorGuard(services);

/** `org create`, `user create`, `token issue`: the platform admin's first steps, from a shell. */
export function registerIdentityCommands(program: Command, globals: () => CliGlobalOptions): void {
  const org = program.command('org').description('organizations');
  org
    .command('create')
    .description('create an organization; prints its id')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--slug <slug>', 'short unique name: lower-case letters, digits, dashes')
    .action(async (o: { name: string; slug: string }) => {
      await withCli(globals(), async ({ services }) => {
        const created = await services.organizations.create(await operatorGuard(services), o.name, o.slug);
        process.stdout.write(`${created.id}\n`);
      });
    });

  const user = program.command('user').description('users');
  user
    .command('create')
    .description('create a user; prints its id')
    .requiredOption('--org <slugOrId>', 'organization slug or id')
    .requiredOption('--email <email>', 'e-mail address (the login name)')
    .requiredOption('--roles <roles>', `comma-separated: ${ALL_ROLES.join(', ')}`)
    .action(async (o: { org: string; email: string; roles: string }) => {
      const roles = parseRoles(o.roles);
      await withCli(globals(), async ({ services }) => {
        const { isUuid } = require('../errors/input') as typeof import('../errors/input');
        const orgId = isUuid(o.org) ? o.org : (await services.organizations.findBySlugUnchecked(o.org))?.id;
        if (!orgId) throw new CliError(`no organization "${o.org}"`);
        const created = await services.users.create(await operatorGuard(services), orgId, o.email, roles);
        process.stdout.write(`${created.id}\n`);
      });
    });

  const token = program.command('token').description('API tokens');
  token
    .command('issue')
    .description('issue a bearer token for a user; the token alone is the last line')
    .requiredOption('--email <email>', 'the user')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--expires-at <iso>', 'expiry, ISO-8601')
    .action(async (o: { email: string; name: string; expiresAt?: string }) => {
      const expires = o.expiresAt ? new Date(o.expiresAt) : null;
      if (expires && Number.isNaN(expires.getTime())) throw new CliError('--expires-at is not a date', EXIT.usage);
      await withCli(globals(), async ({ services }) => {
        const target = await services.users.findByEmailUnchecked(o.email);
        if (!target) throw new CliError(`no user ${o.email}`);
        const issued = await services.apiTokens.issue(await operatorGuard(services), o.name, target.id, expires);
        process.stdout.write(`token for ${o.email} (shown only now):\n${issued.token}\n`);
      });
    });
}

function parseRoles(text: string): Role[] {
  const roles = text.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean);
  for (const r of roles) if (!ALL_ROLES.includes(r as Role)) throw new CliError(`unknown role ${r}`, EXIT.usage);
  return roles as Role[];
}
