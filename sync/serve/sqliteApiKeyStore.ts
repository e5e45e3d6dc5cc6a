import Database from "better-sqlite3";
import { openSqliteStore } from "../store/sqlite/sqliteStore";
import type { ApiKeyRecord, ApiKeyStore } from "./apiKeyStore";
import type { SqliteConnection } from "./sqliteConnection";

/**
 * API keys live in the store file beside the directories they open (table `api_keys`, migration
 * 000003). Serve reads them through its read-only connection; only `apikey create/revoke` write.
 */
interface ApiKeyRow {
  key_id: string;
  tenant_id: string;
  name: string | null;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = "key_id, tenant_id, name, hash, created_at, revoked_at";

export class SqliteApiKeyStore implements ApiKeyStore {
  private readonly statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

  private constructor(
    private readonly read: <T>(operation: (db: Database.Database) => T) => T,
    private readonly writable: boolean,
  ) {}

  /** For serve: reads through the service's read-only connection. */
  static reading(connection: SqliteConnection): SqliteApiKeyStore {
    return new SqliteApiKeyStore((operation) => connection.read((db) => operation(db)), false);
  }

  /** For the `apikey` commands: opens (or creates, 0600) the store for writing. Close it when done. */
  static openForWriting(storePath: string): SqliteApiKeyStore & { close(): void } {
    openSqliteStore(storePath).closeNow(); // creates (0600) or migrates the store
    const db = new Database(storePath, { fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    const store = new SqliteApiKeyStore((operation) => operation(db), true);
    return Object.assign(store, { close: () => db.close() });
  }

  async create(record: ApiKeyRecord): Promise<void> {
    this.write((db) =>
      this.statement(db, `INSERT INTO api_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
        record.keyId,
        record.tenantId,
        record.name,
        record.hash,
        record.createdAt,
        record.revokedAt,
      ),
    );
  }

  async find(keyId: string): Promise<ApiKeyRecord | null> {
    return this.read((db) => {
      const row = this.statement(db, `SELECT ${COLUMNS} FROM api_keys WHERE key_id = ?`).get(keyId);
      return row === undefined ? null : toRecord(row as ApiKeyRow);
    });
  }

  async list(tenantId?: string): Promise<ApiKeyRecord[]> {
    return this.read((db) => {
      const rows =
        tenantId === undefined
          ? this.statement(db, `SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, key_id`).all()
          : this.statement(
              db,
              `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = ? ORDER BY created_at DESC, key_id`,
            ).all(tenantId);
      return (rows as ApiKeyRow[]).map(toRecord);
    });
  }

  async revoke(keyId: string, at: Date): Promise<boolean> {
    return this.write((db) => {
      const update = this.statement(
        db,
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE key_id = ?",
      ).run(at.toISOString(), keyId);
      return update.changes > 0;
    });
  }

  private write<T>(operation: (db: Database.Database) => T): T {
    if (!this.writable) throw new Error("This API key store is read-only (serve never writes).");
    return this.read(operation);
  }

  private statement(db: Database.Database, sql: string): Database.Statement {
    let cache = this.statements.get(db);
    if (cache === undefined) this.statements.set(db, (cache = new Map()));
    let statement = cache.get(sql);
    if (statement === undefined) cache.set(sql, (statement = db.prepare(sql)));
    return statement;
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    tenantId: row.tenant_id,
    name: row.name,
    hash: row.hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
