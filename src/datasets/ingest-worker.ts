import { parentPort } from 'node:worker_threads';
import { processPiece, type PieceJob } from './ingest-piece';

/** A worker thread of the ingest pool: cleans the pieces it is sent, in the order they come. */
parentPort!.on('message', (message: { id: number; job: PieceJob }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: processPiece(message.job) });
  } catch (e) {
    // Pieces never carry a header, so nothing here is the uploader's fault: a plain failure.
    parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) });
  }
});
