import type { DataSource } from 'typeorm';
import { ApiTokenService } from '../auth/api-token.service';
import { ApiTokenStore } from '../auth/api-token.store';
import { Authenticator } from '../auth/authenticator';
import { AuditLog } from '../audit/audit-log';
import type { Config } from '../config/config';
import { Transactor } from '../db/transaction';
import { BootstrapService } from '../organizations/bootstrap.service';
import { OrganizationService } from '../organizations/organization.service';
import { OrganizationStore } from '../organizations/organization.store';
import { UserService } from '../organizations/user.service';
import { UserStore } from '../organizations/user.store';

export interface ServiceOptions {
  config: Config;
  /** Resolved secret (config or data dir). */
  secret: string;
  now?: () => Date;
}

/** Composition root: every store and service, wired by hand. */
export function buildServices(dataSource: DataSource, opts: ServiceOptions) {
  const now = opts.now ?? (() => new Date());
  const tx = new Transactor(dataSource);
  const audit = new AuditLog(process.env.PARLEY_BENCH_AUDIT_OFF !== '1');
  const organizationStore = new OrganizationStore();
  const userStore = new UserStore();
  const tokenStore = new ApiTokenStore();

  return {
    config: opts.config,
    dataSource,
    tx,
    audit,
    authenticator: new Authenticator(dataSource, now),
    bootstrap: new BootstrapService(tx, organizationStore, userStore, tokenStore, audit),
    organizations: new OrganizationService(tx, organizationStore, audit),
    users: new UserService(tx, userStore, organizationStore, audit),
    apiTokens: new ApiTokenService(tx, tokenStore, userStore, audit, now),
  };
}

export type Services = ReturnType<typeof buildServices>;
