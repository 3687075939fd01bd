import { NotFoundError, ForbiddenError } from '../errors/errors';
import { defineAbilityFor, subject } from './ability';
import type { Actor } from './actor';
import type { Action, AppAbility, Subjects, SubjectType } from './subjects';
import { UnauthenticatedError } from '../errors/errors';

/**
 * Asks the ability and turns a "no" into the contract's error: an object the caller may not even
 * read is NOT_FOUND (it must not learn that it exists); one it may read but not act on is FORBIDDEN.
 */
export class Guard {
  /** The guard of one caller (null: anonymous); `failure` is why a presented token did not authenticate. */
  static for(actor: Actor | null, failure: Error | null = null): Guard {
    return new Guard(actor, defineAbilityFor(actor), failure);
  }

  constructor(
    readonly actor: Actor | null,
    readonly ability: AppAbility,
    /** Why authentication failed, when a token was presented: rethrown on first use. */
    private readonly failure: Error | null = null,
  ) {}

  /** The authenticated caller; UNAUTHENTICATED (or why the presented token failed) otherwise. */
  requireUser(): Actor {
    if (this.actor) return this.actor;
    throw this.failure ?? new UnauthenticatedError();
  }

  can<T extends SubjectType>(action: Action, type: T, shape: Subjects[T], field?: string): boolean {
    return this.ability.can(action, subject(type, shape), field);
  }

  /** Anonymous callers are UNAUTHENTICATED before any policy is asked. */
  ensure<T extends SubjectType>(action: Action, type: T, shape: Subjects[T], what: string): void {
    this.requireUser();
    if (this.can(action, type, shape)) return;
    const resource = { type, id: (shape as { id?: string }).id || null, organizationId: ownerOf(shape) };
    // Nothing to hide about an object that does not exist yet, or one the caller can already see.
    if (action === 'create' || (action !== 'read' && this.can('read', type, shape))) {
      throw new ForbiddenError(`you may not ${action} this ${what}`).about(resource);
    }
    throw new NotFoundError(what).about(resource);
  }

  /** For actions on a type as a whole (creating, verifying): no object to hide. */
  ensureType(action: Action, type: SubjectType, what: string): void {
    this.requireUser();
    if (!this.ability.can(action, type)) throw new ForbiddenError(`you may not ${action} ${what}`);
  }
}

function ownerOf(shape: object): string | null {
  const s = shape as { ownerOrganizationId?: string; organizationId?: string };
  return s.ownerOrganizationId ?? s.organizationId ?? null;
}
