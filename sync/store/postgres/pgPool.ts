import { Pool, type PoolClient, type PoolConfig } from "pg";

/**
 * The one module that owns PostgreSQL access: one pool per store (a process opens one store), idle-client
 * errors handled (a restarted server must not crash the process: pg drops the client, the next query
 * reconnects), and transactions that always end — COMMIT, or ROLLBACK on failure; the client released in
 * `finally`, destroyed when ROLLBACK itself failed.
 */
export function createPool(url: string, config: Omit<PoolConfig, "connectionString"> = {}): Pool {
  const pool = new Pool({ connectionString: url, max: 10, ...config });
  pool.on("error", () => {
    // An idle client lost its connection; pg has removed it from the pool already.
  });
  return pool;
}

export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let releaseError: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      releaseError = rollbackError as Error;
    }
    throw error;
  } finally {
    client.release(releaseError);
  }
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db`: the location as it may be shown. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
