/**
 * One writer per store: `<store>.lock` beside the store file, created with O_EXCL and holding who
 * took it. SQLite's own locking serialises single statements, not whole runs: two syncs interleaving
 * pages and deltaLinks would leave a directory neither of them computed.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ExitCode, ReplicatorError } from "../../errors";

export interface StoreLock {
  release(): void;
}

interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Distinguishes our lock from a later one by a process that reused our pid. */
  nonce: string;
}

/** A lock file still empty after this long was left by a process that died while writing it. */
const UNWRITTEN_LOCK_GRACE_MS = 10_000;

/**
 * Exclusive writer lock beside the store file; a stale lock of a dead process is taken over;
 * a live holder → ReplicatorError (code "store-locked", exitCode Store) naming the pid and the path.
 */
export function acquireStoreLock(storePath: string): StoreLock {
  const lockPath = `${storePath}.lock`;
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    nonce: randomUUID(),
  };
  if (!tryCreate(lockPath, owner, storePath)) {
    const holder = readOwner(lockPath);
    if (!isStale(lockPath, holder)) throw lockedError(storePath, lockPath, holder);
    takeOverStaleLock(lockPath, owner, storePath);
  }
  return holdLock(lockPath, owner);
}

function holdLock(lockPath: string, owner: LockOwner): StoreLock {
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener("exit", release);
    // Only our own lock: if it was taken over meanwhile, the file is someone else's now.
    if (readOwner(lockPath)?.nonce === owner.nonce) fs.rmSync(lockPath, { force: true });
  };
  process.on("exit", release);
  return { release };
}

/** Creates the lock file atomically; false when it already exists. */
function tryCreate(lockPath: string, owner: LockOwner, storePath: string): boolean {
  let descriptor: number;
  try {
    // The store creates missing directories on first use; the lock, taken before it, does the same.
    fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  } catch (error) {
    throw cannotLock(lockPath, storePath, error);
  }
  try {
    // 0600: the lock sits beside a whole company's personal data and says who holds it.
    descriptor = fs.openSync(lockPath, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw cannotLock(lockPath, storePath, error);
  }
  try {
    fs.writeSync(descriptor, `${JSON.stringify(owner)}\n`);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
  return true;
}

function cannotLock(lockPath: string, storePath: string, error: unknown): ReplicatorError {
  return new ReplicatorError({
    code: "store-lock-failed",
    field: "storePath",
    message: `Cannot create the lock file ${lockPath}: ${(error as Error).message}.`,
    fix: `Make sure the directory of ${storePath} is a writable directory, or choose another store with --db / ENTRA_REPLICATOR_DB.`,
    exitCode: ExitCode.Store,
    cause: error,
  });
}

/**
 * Two processes may find the same stale lock at once; without a referee both would delete it and
 * the slower one would delete the faster one's fresh lock. The `.takeover` file (O_EXCL) is the referee.
 */
function takeOverStaleLock(lockPath: string, owner: LockOwner, storePath: string): void {
  const refereePath = `${lockPath}.takeover`;
  if (!tryCreate(refereePath, owner, storePath)) {
    const referee = readOwner(refereePath);
    if (!isStale(refereePath, referee)) throw lockedError(storePath, lockPath, readOwner(lockPath));
    fs.rmSync(refereePath, { force: true });
    if (!tryCreate(refereePath, owner, storePath))
      throw lockedError(storePath, lockPath, readOwner(lockPath));
  }
  try {
    const holder = readOwner(lockPath);
    if (!isStale(lockPath, holder)) throw lockedError(storePath, lockPath, holder);
    fs.rmSync(lockPath, { force: true });
    if (!tryCreate(lockPath, owner, storePath)) throw lockedError(storePath, lockPath, readOwner(lockPath));
  } finally {
    fs.rmSync(refereePath, { force: true });
  }
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, "utf8")) as Partial<LockOwner>;
    if (typeof parsed.pid !== "number" || typeof parsed.hostname !== "string") return null;
    return {
      pid: parsed.pid,
      hostname: parsed.hostname,
      startedAt: String(parsed.startedAt ?? "unknown"),
      nonce: String(parsed.nonce ?? ""),
    };
  } catch {
    return null;
  }
}

function isStale(lockPath: string, holder: LockOwner | null): boolean {
  if (holder === null) {
    // Unreadable: either being written right now or left half-written by a crash.
    try {
      return Date.now() - fs.statSync(lockPath).mtimeMs > UNWRITTEN_LOCK_GRACE_MS;
    } catch {
      return true; // gone meanwhile
    }
  }
  // A process on another host cannot be checked from here: assume it is alive.
  if (holder.hostname !== os.hostname()) return false;
  return !isProcessAlive(holder.pid);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockedError(storePath: string, lockPath: string, holder: LockOwner | null): ReplicatorError {
  const who =
    holder === null
      ? "another sync that is just starting"
      : `another sync (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})`;
  return new ReplicatorError({
    code: "store-locked",
    field: "storePath",
    message: `The store ${storePath} is being written by ${who}; only one sync may write a store at a time.`,
    fix:
      `Wait for that sync to finish and run again. If no such process exists any more` +
      `${holder !== null && holder.hostname !== os.hostname() ? ` on ${holder.hostname}` : ""}, delete ${lockPath}.`,
    exitCode: ExitCode.Store,
  });
}
