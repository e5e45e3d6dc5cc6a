import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ExitCode, ReplicatorError } from "../../errors";
import type { Store, StoredTenant, TenantLock, TenantStore } from "../store";
import { StoreCorruptError, StoreNotFoundError } from "../storeErrors";
import { acquireTenantFileLock } from "./fileLock";
import { prepareSqliteDatabase } from "./sqliteSchema";
import { prepareStatements, type SqliteStatements } from "./sqliteStatements";
import { sqliteTenantStore } from "./sqliteTenantStore";

export interface SqliteStoreOptions {
  /** Open for reading only (lookup, status, export): nothing is created, migrated or written. @default false */
  readonly?: boolean;
}

/**
 * Opens (or creates) the SQLite store at `storePath` and brings its schema up to date. A file is
 * identified before anything is written to it: a new or empty file is initialised; a foreign, corrupt or
 * newer-version file is reported with a ReplicatorError (exit code Store) and left untouched.
 */
export function openSqliteStore(storePath: string, options: SqliteStoreOptions = {}): SqliteStore {
  const readonly = options.readonly ?? false;
  const inMemory = storePath === ":memory:";
  if (!inMemory && readonly && !fs.existsSync(storePath)) throw new StoreNotFoundError(storePath);
  if (!inMemory && !readonly) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(storePath)), { recursive: true });
    } catch (error) {
      throw translateSqliteError(storePath, error);
    }
  }

  let db: Database.Database;
  try {
    if (!inMemory && !readonly) createPrivately(storePath);
    db = new Database(storePath, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw translateSqliteError(storePath, error);
  }
  try {
    prepareSqliteDatabase(db, storePath, readonly);
    return new SqliteStore(db, storePath);
  } catch (error) {
    db.close();
    throw translateSqliteError(storePath, error);
  }
}

/**
 * The directory is a whole company's personal data: a new store file is created 0600 before SQLite
 * opens it, and SQLite gives its -wal and -shm files the database file's mode. An existing file keeps
 * the mode its owner chose.
 */
function createPrivately(storePath: string): void {
  fs.closeSync(fs.openSync(storePath, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600));
}

const STORE_FAULT = /^SQLITE_(NOTADB|CORRUPT|CANTOPEN|READONLY|FULL|IOERR|BUSY|LOCKED|PERM)/;

/** Many tenants in one SQLite file, one connection shared by all of them. */
export class SqliteStore implements Store {
  readonly backend = "sqlite";
  private readonly statements: SqliteStatements;
  private memoryKey: string | undefined;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {
    this.statements = prepareStatements(db);
  }

  forTenant(tenantId: string): TenantStore {
    return sqliteTenantStore(this.db, this.statements, tenantId, this.guard);
  }

  async tenants(): Promise<StoredTenant[]> {
    const rows = this.guard(
      () =>
        this.statements.tenants.all() as Array<{
          tenant_id: string;
          contacts: number;
          last_run_at: string | null;
        }>,
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      contacts: row.contacts,
      lastRunAt: row.last_run_at,
    }));
  }

  /**
   * The `<file>.lock` keeps other processes out of the whole file (taken on the first run, released after
   * the last); within this process, runs of different tenants share it and interleave page by page, each
   * page its own transaction, and a second run of the same tenant is refused.
   */
  async lockTenant(tenantId: string): Promise<TenantLock> {
    const lock = acquireTenantFileLock(this.lockKey, tenantId);
    return { tenantId, release: async () => lock.release() };
  }

  /** An in-memory database is private to its connection: its "file" is this object. */
  private get lockKey(): string {
    if (this.location !== ":memory:") return this.location;
    this.memoryKey ??= `:memory:${randomUUID()}`;
    return this.memoryKey;
  }

  async close(): Promise<void> {
    this.closeNow();
  }

  /** For callers that cannot wait (exit hooks); `close` is the same. Idempotent. */
  closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** Faults of the file or its environment become a user-facing error; a bug (a constraint) stays a bug. */
  private readonly guard = <T>(operation: () => T): T => {
    try {
      return operation();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === "string" && STORE_FAULT.test(code))
        throw translateSqliteError(this.location, error);
      throw error;
    }
  };
}

export function translateSqliteError(storePath: string, error: unknown): Error {
  if (error instanceof ReplicatorError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  // Duck-typed: better-sqlite3's SqliteError may come from another realm (jest loads the native addon once).
  const rawMessage = (error as { message?: unknown } | null)?.message;
  const message = typeof rawMessage === "string" ? rawMessage : String(error);
  if (typeof code === "string" && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new StoreCorruptError(storePath, message, error);
  }
  return new ReplicatorError({
    code: "store-unavailable",
    message: `Cannot use the contact store ${storePath}: ${message}.`,
    fix: "Check that the path is right and that its directory is writable, or point ENTRA_REPLICATOR_DB (or --db) at another file.",
    exitCode: ExitCode.Store,
    field: "storePath",
    cause: error,
  });
}
