import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { processPiece, type PieceJob, type PieceResult } from './ingest-piece';

const YOUNG_MB = 16;
const OLD_MB = 48;

interface Pending {
  resolve: (result: PieceResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Worker threads shared by all uploads for the CPU-bound part of ingest (parse, check, clean,
 * HMAC): one upload's pieces spread over them while the main thread splits the stream and feeds
 * the database. Started on first use; with size 0 every piece is cleaned on the calling thread.
 * A worker holds the process open only while it has work.
 */
export class IngestWorkers {
  private readonly slots: (Slot | null)[];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    this.slots = Array.from({ length: size }, () => null);
  }

  run(job: PieceJob): Promise<PieceResult> {
    if (this.size === 0) return new Promise((resolve) => resolve(processPiece(job)));
    if (this.closed) return Promise.reject(new Error('the ingest workers are stopped'));
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s?.worker.terminate()));
  }

  private leastBusy(): Slot {
    let best = -1;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s) return (this.slots[i] = this.start(i));
      if (best < 0 || s.pending.size < this.slots[best]!.pending.size) best = i;
    }
    return this.slots[best]!;
  }

  private start(index: number): Slot {
    // A piece's parsed records live until it is done: a young generation that holds them keeps them
    // from being promoted and collected again by the slower old-generation GC. A worker keeps
    // nothing between pieces, so a small old generation suffices and bounds its memory.
    const worker = new Worker(WORKER_SCRIPT, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB, maxOldGenerationSizeMb: OLD_MB } });
    worker.unref();
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; result?: PieceResult; error?: string }) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if (m.result) p.resolve(m.result);
      else p.reject(new Error(m.error ?? 'an ingest worker failed'));
    });
    // A worker that dies fails what it held; the next piece starts a fresh one.
    const fail = (e: Error) => {
      if (this.slots[index] === slot) this.slots[index] = null;
      for (const p of slot.pending.values()) p.reject(e);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`an ingest worker exited (${code})`)));
    return slot;
  }
}

/**
 * Worker threads load plain JavaScript. The server runs compiled (dist/src/datasets); the test
 * suite runs the TypeScript sources in-process, and its workers load the compiled files that the
 * test command builds first.
 */
const WORKER_SCRIPT = (() => {
  const beside = join(__dirname, 'ingest-worker.js');
  if (existsSync(beside)) return beside;
  return join(__dirname, '..', '..', 'dist', 'src', 'datasets', 'ingest-worker.js');
})();
