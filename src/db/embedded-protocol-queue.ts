/**
 * PGlite runs one PostgreSQL session. `@electric-sql/pglite-socket` lets several connections share
 * it by queueing protocol messages, but it keeps one connection's messages together only inside a
 * transaction. Outside one, the extended query protocol still spans several messages (Parse, Bind,
 * Describe, Execute … Sync), and a message from another connection in between replaces the unnamed
 * statement or portal: queries fail or, worse, return another caller's rows.
 *
 * This replaces the queue's scheduler so that once a connection has started a sequence, only that
 * connection's messages run until the sequence ends (Sync, a simple Query, or a COPY's end), in
 * addition to the package's own rule for open transactions. Pinned to pglite-socket 0.2.17, whose
 * queue this reads; test/db/embedded-concurrency.test.ts fails if that shape changes.
 */

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

interface PgliteLike {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, opts: { onRawData(data: Uint8Array): void }): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PgliteLike;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const COPY_DONE = 0x63; // 'c'
const COPY_FAIL = 0x66; // 'f'

/** Does this message leave its connection in the middle of a multi-message exchange? */
function opensSequence(message: Uint8Array): boolean {
  const type = message[0];
  // A startup or SSL request begins with a length (first byte 0): it stands alone.
  if (type === 0 || type === undefined) return false;
  return type !== SYNC && type !== QUERY && type !== COPY_DONE && type !== COPY_FAIL;
}

export function keepProtocolSequencesTogether(server: object): void {
  const q = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!q || !Array.isArray(q.queue) || typeof q.processQueue !== 'function') {
    throw new Error('unexpected pglite-socket internals: cannot make the embedded database safe for concurrent connections');
  }
  let midSequence = false;

  q.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = (midSequence || this.db.isInTransaction()) && this.lastHandlerId !== null;
        const index = pinned ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
        if (index === -1) break; // wait for the pinned connection's next message
        const item = this.queue.splice(index, 1)[0]!;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence = false;
          item.reject(error);
          continue;
        }
        midSequence = opensSequence(item.message);
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = q.clearTransactionIfNeeded.bind(q);
  q.clearTransactionIfNeeded = async function (this: QueryQueue, handlerId: number): Promise<void> {
    // A connection that goes away mid-sequence must not keep the others waiting.
    if (this.lastHandlerId === handlerId && midSequence) {
      midSequence = false;
      if (!this.db.isInTransaction()) {
        this.lastHandlerId = null;
        await this.processQueue();
        return;
      }
    }
    await clear(handlerId);
  };
}
