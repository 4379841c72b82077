// PGlite does not lock its data folder, and two processes writing it corrupt it. This lock file
// makes the folder belong to one process; a second one is refused and told who holds it.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        `Only one process may open it: stop that process first, or do this through the running app (staff console or REST API), ` +
        `or point DATABASE_URL at a PostgreSQL server to share one database between processes.`,
    );
    this.name = 'DataDirInUseError';
  }
}

const lockFileName = 'settle.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/** Takes the folder's lock or throws DataDirInUseError. Returns the release function. */
export function acquireDataDirLock(dataDir: string, command: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, lockFileName);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx'); // O_CREAT | O_EXCL: exactly one process wins
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readHolder(path)?.pid === process.pid) unlinkSync(path);
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      // A holder on this host that no longer runs left a stale lock after a crash: take it over.
      if (holder && (holder.hostname !== me.hostname || isAlive(holder.pid)) && holder.pid !== process.pid) {
        throw new DataDirInUseError(dir, holder);
      }
      if (holder?.pid === process.pid) throw new DataDirInUseError(dir, holder);
      try {
        unlinkSync(path);
      } catch {
        // another process removed it first; try again
      }
    }
  }
  throw new Error(`Could not take the lock on ${dir}`);
}
