import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

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
    const explicit = await this.explicitIsolation();
    return this.gated((inner) => (explicit ? this.dataSource.transaction('READ COMMITTED', inner) : this.dataSource.transaction(inner)), work);
  }

  /**
   * Every transaction runs in READ COMMITTED. Naming it costs a round trip per transaction (TypeORM
   * sends SET TRANSACTION after START TRANSACTION), so it is named only when the server's default
   * is something else — asked once per process.
   */
  private explicitIsolation(): Promise<boolean> {
    this.isolationCheck ??= this.dataSource
      .query('SHOW default_transaction_isolation')
      .then((rows: { default_transaction_isolation: string }[]) => rows[0]?.default_transaction_isolation !== 'read committed')
      .catch(() => {
        this.isolationCheck = null;
        return true;
      });
    return this.isolationCheck;
  }

  private isolationCheck: Promise<boolean> | null = null;

  /**
   * A transaction on a connection the caller already holds (an upload finishes on its own
   * connection), under the same commit gate as every other transaction.
   */
  async runOn<T>(runner: QueryRunner, work: Work<T>): Promise<T> {
    return this.gated(async (inner) => {
      await runner.startTransaction('READ COMMITTED');
      try {
        const value = await inner(runner.manager);
        await runner.commitTransaction();
        return value;
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw e;
      }
    }, work);
  }

  /** Runs `work` in `transaction`, asking the commit gate (if any) right before COMMIT. */
  private async gated<T>(transaction: (inner: Work<T>) => Promise<T>, work: Work<T>): Promise<T> {
    const ticket = this.gate?.open();
    if (!ticket) return transaction(work);
    let reachedCommit = false;
    try {
      const result = await transaction(async (m) => {
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
