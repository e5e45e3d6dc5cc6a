import type { Pool } from "pg";
import { NewerSchemaError, StoreNotFoundError, StoreOutdatedError } from "../storeErrors";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_VERSION } from "./migrations";
import { withTransaction } from "./pgPool";

/**
 * A key for `pg_advisory_*lock` that no other application's keys collide with: a hash of ours, this
 * database, and `scope` (the schema, the purpose and what it guards, e.g. "entra_replicator/sync/<tenant>").
 */
export function advisoryKeySql(scopeParameter: string): string {
  return `hashtextextended('entra-replicator/' || current_database() || '/' || ${scopeParameter}, 0)`;
}

/**
 * Brings the schema up to date: each missing step in its own transaction, under a transaction-scoped
 * advisory lock, the version row inserted first (a second instance racing on the same step waits, then
 * finds the step applied). Read-only: nothing is created; a missing or older schema is an error.
 */
export async function preparePostgresSchema(
  pool: Pool,
  schema: string,
  location: string,
  readonly: boolean,
): Promise<void> {
  if (readonly) {
    const version = await readVersion(pool, schema);
    if (version === null) throw new StoreNotFoundError(location);
    if (version > POSTGRES_SCHEMA_VERSION)
      throw new NewerSchemaError(location, version, POSTGRES_SCHEMA_VERSION);
    if (version < POSTGRES_SCHEMA_VERSION)
      throw new StoreOutdatedError(location, version, POSTGRES_SCHEMA_VERSION);
    return;
  }
  const ident = quoteIdent(schema);
  for (const migration of POSTGRES_MIGRATIONS) {
    await withTransaction(pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${advisoryKeySql("$1")})`, [`${schema}/migrate`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${ident}.migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const current = await currentVersion(client, ident);
      if (current > POSTGRES_SCHEMA_VERSION)
        throw new NewerSchemaError(location, current, POSTGRES_SCHEMA_VERSION);
      if (current >= migration.version) return;
      await client.query(`INSERT INTO ${ident}.migrations (version) VALUES ($1)`, [migration.version]);
      await client.query(`SET LOCAL search_path TO ${ident}`);
      await client.query(migration.sql);
    });
  }
}

async function readVersion(pool: Pool, schema: string): Promise<number | null> {
  const found = await pool.query<{ exists: boolean }>(
    "SELECT to_regclass(format('%I.migrations', $1::text)) IS NOT NULL AS exists",
    [schema],
  );
  if (found.rows[0]?.exists !== true) return null;
  return currentVersion(pool, quoteIdent(schema));
}

async function currentVersion(client: Pick<Pool, "query">, ident: string): Promise<number> {
  const result = await client.query<{ version: number | null }>(
    `SELECT max(version) AS version FROM ${ident}.migrations`,
  );
  return result.rows[0]?.version ?? 0;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
