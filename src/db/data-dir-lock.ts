import { linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** The embedded database's data directory is in use by another live process. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly ownerPid: number) {
    super(`the embedded database in ${dataDir} is in use by process ${ownerPid}: stop that server, or set DATABASE_URL (or --database-url) to reach a PostgreSQL server`);
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export const LOCK_FILE = 'parley.lock';

/**
 * Two processes must never open one PGlite data directory: each would run its own PostgreSQL on the
 * same files, and one's writes would silently vanish. The lock is a file created exclusively (O_EXCL)
 * holding the owner's pid. A lock whose pid no longer runs is stale (the owner was killed) and is
 * taken over. The file is removed on release and, as a last resort, when the process exits.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, since: new Date().toISOString() }) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return ownLock(path, mine);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const seen = readOrNull(path);
    if (seen === null) continue; // released meanwhile: try again
    const owner = ownerPid(seen);
    if (owner !== null && owner !== process.pid && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
    takeOverStale(path, seen);
  }
  throw new Error(`cannot lock ${path}: it keeps changing`);
}

function ownLock(path: string, content: string): DataDirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    // Only ever remove our own lock, never one a successor took over.
    if (readOrNull(path) === content) unlinkSync(path);
  };
  process.on('exit', release);
  return { path, release };
}

/**
 * Removes a stale lock without removing a fresh one another process created meanwhile: move it aside
 * under a name of our own (atomic), and if what was moved is not the stale lock that was seen, put it
 * back where it was.
 */
function takeOverStale(path: string, seen: string): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (readOrNull(aside) !== seen) {
    try {
      linkSync(aside, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  unlinkSync(aside);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** The pid in a lock file; null for an unreadable (half-written, foreign) file, which counts as stale. */
function ownerPid(content: string): number | null {
  try {
    const pid = (JSON.parse(content) as { pid?: unknown }).pid;
    return Number.isSafeInteger(pid) && (pid as number) > 0 ? (pid as number) : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
