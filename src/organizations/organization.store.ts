import type { EntityManager } from 'typeorm';
import type { SqlCondition } from '../auth/rules-to-sql';
import { OrganizationEntity } from './organization.entity';

export class OrganizationStore {
  findById(m: EntityManager, id: string): Promise<OrganizationEntity | null> {
    return m.findOneBy(OrganizationEntity, { id });
  }

  findBySlug(m: EntityManager, slug: string): Promise<OrganizationEntity | null> {
    return m.findOneBy(OrganizationEntity, { slug });
  }

  list(m: EntityManager, visible: SqlCondition): Promise<OrganizationEntity[]> {
    return m
      .createQueryBuilder(OrganizationEntity, 'o')
      .where(visible.sql, visible.params)
      .orderBy('o.created_at')
      .addOrderBy('o.id')
      .getMany();
  }

  async insert(m: EntityManager, name: string, slug: string): Promise<OrganizationEntity> {
    const org = m.create(OrganizationEntity, { name, slug });
    return m.save(org);
  }
}
