import type { Pool } from "pg";
import { createPool } from "../store/postgres/pgPool";
import { DEFAULT_SCHEMA, openPostgresStore, takeSchemaParameter } from "../store/postgres/postgresStore";
import { quoteIdent } from "../store/postgres/postgresSchema";
import type { ApiKeyRecord, ApiKeyStore } from "./apiKeyStore";
import { unavailableOr } from "./pgFaults";

interface ApiKeyRow {
  key_id: string;
  tenant_id: string;
  name: string | null;
  hash: string;
  created_at: string;
  revoked_at: string | null;
}

const COLUMNS = "key_id, tenant_id, name, hash, created_at, revoked_at";

/** API keys in the PostgreSQL store (table `api_keys`, migration 000002). Serve only reads them. */
export class PgApiKeyStore implements ApiKeyStore {
  constructor(private readonly pool: Pool) {}

  /** For the `apikey` commands: migrates the store (as the writer role), then one small pool. */
  static async openForWriting(
    givenUrl: string,
    schemaOption?: string,
  ): Promise<PgApiKeyStore & { close(): Promise<void> }> {
    const { url, schema: schemaInUrl } = takeSchemaParameter(givenUrl);
    const schema = schemaOption ?? schemaInUrl ?? DEFAULT_SCHEMA;
    await (await openPostgresStore(url, { schema, maxConnections: 1 })).close();
    const pool = createPool(url, { max: 2, options: `-c search_path=${quoteIdent(schema)}` });
    return Object.assign(new PgApiKeyStore(pool), { close: () => pool.end() });
  }

  async create(record: ApiKeyRecord): Promise<void> {
    await this.query(`INSERT INTO api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      record.keyId,
      record.tenantId,
      record.name,
      record.hash,
      record.createdAt,
      record.revokedAt,
    ]);
  }

  async find(keyId: string): Promise<ApiKeyRecord | null> {
    const rows = await this.query(`SELECT ${COLUMNS} FROM api_keys WHERE key_id = $1`, [keyId]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async list(tenantId?: string): Promise<ApiKeyRecord[]> {
    const rows =
      tenantId === undefined
        ? await this.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, key_id COLLATE "C"`, [])
        : await this.query(
            `SELECT ${COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, key_id COLLATE "C"`,
            [tenantId],
          );
    return rows.map(toRecord);
  }

  async revoke(keyId: string, at: Date): Promise<boolean> {
    const result = await this.pool.query(
      "UPDATE api_keys SET revoked_at = coalesce(revoked_at, $1) WHERE key_id = $2",
      [at.toISOString(), keyId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  private async query(text: string, values: unknown[]): Promise<ApiKeyRow[]> {
    try {
      return (await this.pool.query<ApiKeyRow>(text, values)).rows;
    } catch (error) {
      throw unavailableOr(error);
    }
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
