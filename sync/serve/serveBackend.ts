import { isPostgresUrl } from "../store/openStore";
import type { ApiKeyStore } from "./apiKeyStore";
import type { DirectoryReader } from "./directoryReader";
import { SqliteApiKeyStore } from "./sqliteApiKeyStore";
import { openSqliteDirectoryReader } from "./sqliteDirectoryReader";

export interface ServeBackend {
  directory: DirectoryReader;
  apiKeys: ApiKeyStore;
}

/**
 * The composition root's choice of backend for a store location (ENTRA_REPLICATOR_DB / --db): a
 * PostgreSQL URL (connect as the read-only serve role) or an SQLite file (one read-only connection).
 */
export async function openServeBackend(
  location: string,
  options: { schema?: string } = {},
): Promise<ServeBackend> {
  if (isPostgresUrl(location)) {
    const [{ openPgDirectoryReader }, { PgApiKeyStore }] = await Promise.all([
      import("./pgDirectoryReader"),
      import("./pgApiKeyStore"),
    ]);
    const directory = await openPgDirectoryReader(location, options);
    return { directory, apiKeys: new PgApiKeyStore(directory.pool) };
  }
  const directory = openSqliteDirectoryReader(location);
  return { directory, apiKeys: SqliteApiKeyStore.reading(directory.connection) };
}

/** For the `apikey` commands: the key store of a location, opened for writing (creating/migrating the store). */
export async function openApiKeysForWriting(
  location: string,
  options: { schema?: string } = {},
): Promise<ApiKeyStore & { close(): Promise<void> | void }> {
  if (isPostgresUrl(location)) {
    const { PgApiKeyStore } = await import("./pgApiKeyStore");
    return PgApiKeyStore.openForWriting(location, options.schema);
  }
  return SqliteApiKeyStore.openForWriting(location);
}
