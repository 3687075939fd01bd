import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import type { Role } from './role';
import { UserEntity } from './user.entity';

export class UserStore {
  findById(m: EntityManager, id: string): Promise<UserEntity | null> {
    return m.findOneBy(UserEntity, { id });
  }

  async findByEmail(m: EntityManager, email: string): Promise<UserEntity | null> {
    return m.createQueryBuilder(UserEntity, 'u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  list(m: EntityManager, visible: SqlCondition, organizationId?: string): Promise<UserEntity[]> {
    const q = m.createQueryBuilder(UserEntity, 'u').where(visible.sql, visible.params);
    if (organizationId) q.andWhere('u.organization_id = :organizationId', { organizationId });
    return q.orderBy('u.created_at').addOrderBy('u.id').getMany();
  }

  count(m: EntityManager): Promise<number> {
    return m.count(UserEntity);
  }

  insert(m: EntityManager, organizationId: string, email: string, roles: Role[]): Promise<UserEntity> {
    return m.save(m.create(UserEntity, { organizationId, email, roles, disabledAt: null }));
  }

  async setRoles(m: EntityManager, id: string, roles: Role[]): Promise<void> {
    await m.update(UserEntity, { id }, { roles });
  }

  async disable(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(UserEntity, { id }, { disabledAt: at });
  }
}

/** Column mapping of the User subject for list filters. */
export const USER_FIELDS_SQL = {
  id: 'u.id',
  organizationId: 'u.organization_id',
};
