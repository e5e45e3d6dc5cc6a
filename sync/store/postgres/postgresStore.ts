import type { Pool, PoolClient } from "pg";
import { ExitCode, ReplicatorError } from "../../errors";
import type { Store, StoredTenant, TenantLock, TenantStore } from "../store";
import { TenantLockedError } from "../storeErrors";
import { createPool, redactUrl } from "./pgPool";
import { pgTenantStore, type PgGuard } from "./pgTenantStore";
import { advisoryKeySql, preparePostgresSchema, quoteIdent } from "./postgresSchema";

export interface PostgresStoreOptions {
  /** Reading only: nothing is created or migrated. @default false */
  readonly?: boolean;
  /**
   * The schema holding the tables (tests use one per test). @default the URL's `?schema=` parameter,
   * else "entra_replicator"
   */
  schema?: string;
  /** Most connections of the pool (each running tenant also holds one for its lock). @default 10 */
  maxConnections?: number;
}

export const DEFAULT_SCHEMA = "entra_replicator";

/** Opens a PostgreSQL store: one pool for the process, the schema migrated (unless read-only). */
export async function openPostgresStore(
  givenUrl: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const { url, schema: schemaInUrl } = takeSchemaParameter(givenUrl);
  const schema = options.schema ?? schemaInUrl ?? DEFAULT_SCHEMA;
  const location = redactUrl(givenUrl);
  const pool = createPool(url, {
    max: options.maxConnections ?? 10,
    options: `-c search_path=${quoteIdent(schema)}`,
  });
  const guard = pgGuard(location);
  try {
    await guard(() => preparePostgresSchema(pool, schema, location, options.readonly ?? false));
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new PostgresStore(pool, schema, location, guard);
}

/** `?schema=name` picks the schema (several deployments in one database); pg itself must not see it. */
export function takeSchemaParameter(url: string): { url: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, schema: undefined };
  }
  const schema = parsed.searchParams.get("schema") ?? undefined;
  if (schema === undefined) return { url, schema };
  parsed.searchParams.delete("schema");
  return { url: parsed.toString(), schema };
}

/** Many tenants in one PostgreSQL schema; runs of different tenants write in parallel. */
export class PostgresStore implements Store {
  readonly backend = "postgres";
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    readonly location: string,
    private readonly guard: PgGuard,
  ) {}

  forTenant(tenantId: string): TenantStore {
    return pgTenantStore(this.pool, tenantId, this.guard);
  }

  tenants(): Promise<StoredTenant[]> {
    return this.guard(async () => {
      const result = await this.pool.query<{
        tenant_id: string;
        contacts: string;
        last_run_at: string | null;
      }>(
        "SELECT t.tenant_id, (SELECT count(*) FROM contacts c WHERE c.tenant_id = t.tenant_id) AS contacts, " +
          "(SELECT max(finished_at) FROM runs r WHERE r.tenant_id = t.tenant_id) AS last_run_at FROM " +
          "(SELECT DISTINCT tenant_id FROM contacts UNION SELECT tenant_id FROM sync_state " +
          'UNION SELECT tenant_id FROM runs) t ORDER BY t.tenant_id COLLATE "C"',
      );
      return result.rows.map((row) => ({
        tenantId: row.tenant_id,
        contacts: Number(row.contacts),
        lastRunAt: row.last_run_at,
      }));
    });
  }

  /**
   * A session advisory lock held on a connection of its own for the whole run: other runs of the tenant
   * (in any process, on any machine) are refused, other tenants are not affected, and a crashed run's
   * lock ends with its session. Each page is still its own transaction on the pool.
   */
  async lockTenant(tenantId: string): Promise<TenantLock> {
    const scope = `${this.schema}/sync/${tenantId}`;
    const client: PoolClient = await this.guard(() => this.pool.connect());
    // A checked-out client's connection errors are its own, not the pool's: without a listener a dropped
    // connection would crash the process. The lock is gone with the session; release destroys the client.
    let lost: Error | undefined;
    const onError = (error: Error) => (lost = error);
    client.on("error", onError);
    let locked = false;
    try {
      const result = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(${advisoryKeySql("$1")}) AS locked`,
        [scope],
      );
      locked = result.rows[0]?.locked === true;
    } catch (error) {
      client.off("error", onError);
      client.release(error as Error);
      throw error;
    }
    if (!locked) {
      client.off("error", onError);
      client.release();
      throw new TenantLockedError(this.location, tenantId);
    }
    let held = true;
    return {
      tenantId,
      release: async () => {
        if (!held) return;
        held = false;
        try {
          if (lost !== undefined) throw lost;
          await client.query(`SELECT pg_advisory_unlock(${advisoryKeySql("$1")})`, [scope]);
          client.off("error", onError);
          client.release();
        } catch (error) {
          // Destroying the connection ends its session, and with it the lock.
          client.off("error", onError);
          client.release(error as Error);
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** Connection faults (refused, reset, server shut down) → "store-unavailable" naming the store; bugs stay bugs. */
function pgGuard(location: string): PgGuard {
  return async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof ReplicatorError || !isConnectionFault(error)) throw error;
      throw new ReplicatorError({
        code: "store-unavailable",
        message: `Cannot use the contact store ${location}: ${(error as Error).message}.`,
        fix: "Check that the PostgreSQL server is running and reachable and that the URL in ENTRA_REPLICATOR_DB (or --db) is right.",
        exitCode: ExitCode.Store,
        field: "storePath",
        cause: error,
      });
    }
  };
}

function isConnectionFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string")
    return /Connection terminated|timeout exceeded when trying to connect/i.test(String(error));
  // Node socket errors; SQLSTATE classes 08 (connection), 28 (authorization), 3D000 (no such database), 57P (shutdown).
  return (
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH)$/.test(code) ||
    /^(08|28|3D|57P)/.test(code)
  );
}
