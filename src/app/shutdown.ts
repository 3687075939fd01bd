import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import { ShuttingDownError } from '../errors/errors';
import type { CommitGate, CommitTicket } from '../db/transaction';

/** One request the server has not finished answering. */
interface InFlight {
  readonly res: ServerResponse;
  readonly path: string;
  /** Answered SHUTTING_DOWN: nothing of it may commit any more. */
  aborted: boolean;
  /** Transactions of this request between "about to COMMIT" and the commit's outcome. */
  committing: number;
  /** Some transaction of this request committed: it can no longer be called rolled back. */
  committed: boolean;
}

/** Seconds a client should wait before retrying: about what a restart takes. */
const RETRY_AFTER_SECONDS = '5';
/**
 * After the grace period, how long a request whose work is committing or committed may take to
 * answer by itself (an ingest drops its staging table after the commit, then answers).
 */
const COMMITTED_LATE_MS = 800;
/**
 * After the stragglers were answered, how long requests that arrived but were not parsed yet (the
 * process was busy) get to be read and answered SHUTTING_DOWN before the listener closes.
 */
const SETTLE_MS = 300;
/** How long the shutdown answers get to reach the clients before the connections close. */
const FLUSH_MS = 600;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Graceful shutdown under load. On `shutdown`: stop accepting work (new requests are answered
 * SHUTTING_DOWN), let in-flight requests finish for the grace period, then answer every request still unfinished with 503, `Retry-After`
 * and a SHUTTING_DOWN error (GraphQL body on /graphql, the contract's JSON error elsewhere) — never
 * a reset connection. "Rolled back" is made true by the commit gate: every transaction goes through
 * the Transactor, which asks `ticket.beforeCommit()` right before COMMIT; once a request is answered
 * SHUTTING_DOWN that call throws, so its open transaction rolls back and no later one can commit.
 * A request that is committing at that moment is waited for instead, and answered by its own handler.
 */
export class ShutdownCoordinator implements CommitGate {
  private readonly current = new AsyncLocalStorage<InFlight>();
  private readonly inFlight = new Set<InFlight>();
  private draining = false;
  private readonly settledWaiters = new Set<() => void>();
  /** The SHUTTING_DOWN answers being written, until each is flushed or its connection gone. */
  private readonly answering: Promise<void>[] = [];

  constructor(private readonly log: Logger) {}

  /** Wraps each HTTP request: tracked while unfinished; refused at once while shutting down. */
  track(req: IncomingMessage, res: ServerResponse, path: string, handle: () => void): void {
    const entry: InFlight = { res, path, aborted: false, committing: 0, committed: false };
    if (this.draining) {
      req.resume();
      this.answerShuttingDown(entry);
      return;
    }
    this.inFlight.add(entry);
    const settle = () => {
      if (!this.inFlight.delete(entry)) return;
      this.notify();
    };
    res.once('finish', settle);
    res.once('close', settle);
    this.current.run(entry, handle);
  }

  /** The commit gate the Transactor consults; captures the request the transaction belongs to. */
  open(): CommitTicket {
    const entry = this.current.getStore();
    if (!entry) return FREE_TICKET;
    return {
      beforeCommit: () => {
        if (entry.aborted) throw new ShuttingDownError();
        entry.committing++;
      },
      settled: (committed: boolean) => {
        entry.committing--;
        if (committed) entry.committed = true;
        this.notify();
      },
    };
  }

  /** Runs the whole shutdown of the HTTP side; resolves when every request has been answered. */
  async shutdown(server: Server, graceMs: number, stopAbandonedWork: () => void): Promise<void> {
    // From here on every new request is answered SHUTTING_DOWN at once (see `track`). The listener
    // stays open until the end, and idle keep-alive connections are not cut now: a request already
    // on its way over either (in the accept queue, or sent but not yet parsed) would otherwise meet a
    // reset connection instead of an answer.
    this.draining = true;
    // Finished responses should not keep their connection: the server is going away.
    for (const e of this.inFlight) if (!e.res.headersSent) e.res.setHeader('connection', 'close');

    await this.until(() => this.inFlight.size === 0, graceMs);
    if (this.inFlight.size > 0) {
      const pending = this.inFlight.size;
      const over = Date.now();
      // Whatever has not started to commit is refused now. A request whose work is committing or
      // committed must not be told "rolled back": it gets a little longer to answer by itself.
      for (const e of this.inFlight) if (e.committing === 0 && !e.committed) this.abort(e);
      await this.until(() => this.inFlight.size === 0, COMMITTED_LATE_MS);
      // Still not done after saving: answered as such (never as SHUTTING_DOWN), see answerShuttingDown.
      for (const e of this.inFlight) this.abort(e);
      // Stop the abandoned work now rather than when the database closes: it still burns the CPU
      // that requests waiting unparsed on their connections need in order to be answered.
      stopAbandonedWork();
      this.log.warn({ pending }, 'grace period over: unfinished requests rolled back and answered SHUTTING_DOWN');
      await sleep(Math.max(0, SETTLE_MS - (Date.now() - over)));
    }
    // net.Server's close: stop listening without http.Server's extra of cutting idle connections.
    NetServer.prototype.close.call(server);
    // Let the SHUTTING_DOWN answers reach their clients, and their connections close, before the rest go.
    await Promise.race([Promise.all(this.answering), sleep(FLUSH_MS)]);
    server.closeAllConnections();
    server.close(); // now http.Server's own bookkeeping (its connection-checking timer)
  }

  /**
   * The process backstop's last act before it exits: answer whatever is still unfinished, so that no
   * client meets a closed connection. The answers are written to the sockets at once and leave
   * with the process's exit.
   */
  abortAll(): void {
    this.draining = true;
    for (const e of this.inFlight) this.abort(e);
  }

  private abort(entry: InFlight): void {
    entry.aborted = true;
    this.inFlight.delete(entry);
    this.answerShuttingDown(entry);
  }

  private answerShuttingDown(entry: InFlight): void {
    const { res } = entry;
    // Wait for the connection to close, not just for the answer to be handed to the kernel: closing
    // it under a client that is still uploading resets it, and a reset makes the client's kernel
    // drop the answer it has not read yet. With `connection: close` Node half-closes after the
    // answer and reads the rest of the upload away; the client then closes.
    const socket = res.socket;
    this.answering.push(
      new Promise<void>((resolve) => {
        if (!socket || socket.destroyed) return resolve();
        socket.once('close', () => resolve());
      }),
    );
    // SHUTTING_DOWN promises "nothing was kept". For a request whose work already committed (or was
    // committing) that would be false: it is told so instead, as an error it must not blindly retry.
    const saved = entry.committed || entry.committing > 0;
    const error = saved
      ? { code: 'INTERNAL_SERVER_ERROR', status: 500, message: 'the server stopped after this request saved its changes (or while it did); check them before retrying' }
      : (() => {
          const e = new ShuttingDownError();
          return { code: e.code, status: e.status, message: e.message };
        })();
    const body = JSON.stringify(
      entry.path === '/graphql'
        ? { errors: [{ message: error.message, extensions: { code: error.code } }] }
        : { error: { code: error.code, message: error.message } },
    );
    if (!res.headersSent) {
      res.writeHead(error.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'retry-after': RETRY_AFTER_SECONDS,
        connection: 'close',
      });
      res.end(body);
    } else {
      // A streamed answer already under way cannot be turned into an error: end it short, which
      // the client sees as a truncated (invalid) body rather than a success.
      res.destroy();
    }
    silence(res);
  }

  private notify(): void {
    for (const wake of this.settledWaiters) wake();
  }

  /** Resolves once `done()` holds (checked whenever a request or commit settles) or after `ms`. */
  private until(done: () => boolean, ms: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.settledWaiters.delete(check);
        resolve();
      };
      const check = () => {
        if (done()) finish();
      };
      const timer = setTimeout(finish, ms);
      this.settledWaiters.add(check);
    });
  }
}

const FREE_TICKET: CommitTicket = { beforeCommit: () => undefined, settled: () => undefined };

/**
 * The handler of an aborted request is still running and will try to answer when its work fails;
 * the client already has its answer, so those late writes must go nowhere instead of throwing
 * (writeHead after the headers were sent throws synchronously) or emitting unhandled errors.
 */
function silence(res: ServerResponse): void {
  res.on('error', () => undefined);
  const self = res as unknown as Record<string, unknown>;
  self.writeHead = () => res;
  self.setHeader = () => res;
  self.write = () => true;
  self.end = () => res;
  self.flushHeaders = () => undefined;
}
