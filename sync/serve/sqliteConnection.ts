import fs from "node:fs";
import Database from "better-sqlite3";
import { APPLICATION_ID } from "../store/sqlite/sqliteSchema";
import { StoreUnavailableError } from "./serveErrors";

/** How often the file is checked for having gone or been replaced: a lookup costs no stat() of its own. */
const FILE_CHECK_INTERVAL_MS = 100;

const UNAVAILABLE = /^SQLITE_(NOTADB|CORRUPT|CANTOPEN|IOERR|BUSY|LOCKED|PERM|READONLY)/;

/**
 * One read-only connection to the store file that follows the file: when the file disappears calls
 * fail with StoreUnavailableError (503), when it is back — or replaced, e.g. restored from a backup —
 * the next call opens it again (noticed within FILE_CHECK_INTERVAL_MS).
 */
export class SqliteConnection {
  private db: Database.Database | null = null;
  private inode = -1;
  private generation = 0;
  private checkedAt = -Infinity;

  constructor(readonly storePath: string) {}

  /** The open database, (re)opened when the file changed; increments `generation` on every open. */
  current(check: "recently" | "now" = "recently"): { db: Database.Database; generation: number } {
    const now = performance.now();
    if (this.db !== null && check === "recently" && now - this.checkedAt < FILE_CHECK_INTERVAL_MS) {
      return { db: this.db, generation: this.generation };
    }
    this.checkedAt = now;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.storePath);
    } catch (error) {
      this.close();
      throw new StoreUnavailableError(`${this.storePath} cannot be read`, error);
    }
    if (this.db === null || stat.ino !== this.inode) {
      this.close();
      this.db = openReadOnly(this.storePath);
      this.inode = stat.ino;
      this.generation += 1;
    }
    return { db: this.db, generation: this.generation };
  }

  /** Runs a read; a fault of the file becomes StoreUnavailableError and the connection is reopened next time. */
  read<T>(
    operation: (db: Database.Database, generation: number) => T,
    check: "recently" | "now" = "recently",
  ): T {
    const { db, generation } = this.current(check);
    try {
      return operation(db, generation);
    } catch (error) {
      if (!isStoreFault(error)) throw error;
      this.close();
      throw new StoreUnavailableError(`reading ${this.storePath} failed`, error);
    }
  }

  close(): void {
    this.checkedAt = -Infinity;
    if (this.db === null) return;
    try {
      this.db.close();
    } catch {
      // Closing a connection to a file that is gone cannot fail in a way that matters here.
    }
    this.db = null;
  }
}

/** A separate read-only connection (phonebook snapshots hold one for the length of a response). */
export function openReadOnly(storePath: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(storePath, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new StoreUnavailableError(`${storePath} cannot be opened`, error);
  }
  try {
    db.pragma("busy_timeout = 2000");
    if (db.pragma("application_id", { simple: true }) !== APPLICATION_ID) {
      throw new StoreUnavailableError(`${storePath} is not an entra-replicator store`);
    }
  } catch (error) {
    db.close();
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(`${storePath} cannot be read`, error);
  }
  return db;
}

export function isStoreFault(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNAVAILABLE.test(code);
}
