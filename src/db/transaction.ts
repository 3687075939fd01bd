import type { DataSource, EntityManager } from 'typeorm';

export type Work<T> = (manager: EntityManager) => Promise<T>;

/**
 * The one way services open a transaction. Everything inside must go through the given manager:
 * on the embedded database another connection would wait for this transaction to end.
 */
export class Transactor {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: Work<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
