import { AbilityBuilder, createMongoAbility, subject as caslSubject } from '@casl/ability';
import { Role } from '../organizations/role';
import type { Actor } from './actor';
import {
  defineAnalystRules,
  defineAuditorRules,
  defineInvariantRules,
  defineOrgAdminRules,
  definePlatformAdminRules,
  definePlatformAuditorRules,
  defineSelfRules,
} from './role-rules';
import type { Action, AppAbility, Subjects, SubjectType } from './subjects';

/** The single source of truth for who may do what. Roles add up; whatever is not granted is denied. */
export function defineAbilityFor(actor: Actor | null): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  if (actor) {
    defineSelfRules(builder, actor);
    const has = (r: Role) => actor.roles.includes(r);
    if (has(Role.ORG_ADMIN)) defineOrgAdminRules(builder, actor);
    if (has(Role.ANALYST)) defineAnalystRules(builder, actor);
    if (has(Role.AUDITOR)) defineAuditorRules(builder, actor);
    if (has(Role.PLATFORM_AUDITOR)) definePlatformAuditorRules(builder);
    if (has(Role.PLATFORM_ADMIN)) definePlatformAdminRules(builder);
    defineInvariantRules(builder);
  }
  return builder.build();
}

/** Tags a plain shape with its subject type (a copy: CASL marks the object it is given). */
export function subject<T extends SubjectType>(type: T, shape: Subjects[T]): Parameters<AppAbility['can']>[1] {
  return caslSubject(type, { ...shape } as Subjects[T] & Record<string, unknown>) as unknown as Parameters<AppAbility['can']>[1];
}

