import type { Store } from "./store";

export interface OpenStoreOptions {
  /** Reading only (lookup, status, export): nothing is created, migrated or written. @default false */
  readonly?: boolean;
  /** PostgreSQL: most pool connections (a running tenant holds one for its lock, plus one per page). @default 10 */
  maxConnections?: number;
}

/** `postgres://…` / `postgresql://…` select the PostgreSQL backend; anything else is an SQLite file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store a setting names (ENTRA_REPLICATOR_DB / --db): a PostgreSQL URL for a shared fleet
 * store, else the embedded SQLite file. The PostgreSQL backend is loaded only when asked for.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(location)) {
    const { openPostgresStore } = await import("./postgres/postgresStore");
    return openPostgresStore(location, options);
  }
  // Loaded here, not at the top: settings import isPostgresUrl, and `--help` must not load better-sqlite3.
  const { openSqliteStore } = await import("./sqlite/sqliteStore");
  return openSqliteStore(location, options);
}
