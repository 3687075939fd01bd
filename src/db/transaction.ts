import type { DataSource, EntityManager } from 'typeorm';

export type Work<T> = (manager: EntityManager) => Promise<T>;

/** Asked by every transaction right before it commits; see ShutdownCoordinator. */
export interface CommitGate {
  /** Called when the transaction starts, in the caller's async context. */
  open(): CommitTicket;
}

export interface CommitTicket {
  /** Throws to roll the transaction back instead of committing it. */
  beforeCommit(): void;
  /** The transaction is over: committed, or not. */
  settled(committed: boolean): void;
}

/**
 * The one way services open a transaction. Everything inside must go through the given manager:
 * on the embedded database another connection would wait for this transaction to end.
 */
export class Transactor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gate?: CommitGate,
  ) {}

  async run<T>(work: Work<T>): Promise<T> {
    const ticket = this.gate?.open();
    if (!ticket) return this.dataSource.transaction('READ COMMITTED', work);
    let reachedCommit = false;
    try {
      const result = await this.dataSource.transaction('READ COMMITTED', async (m) => {
        const value = await work(m);
        ticket.beforeCommit();
        reachedCommit = true;
        return value;
      });
      ticket.settled(true);
      return result;
    } catch (e) {
      if (reachedCommit) ticket.settled(false);
      throw e;
    }
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
