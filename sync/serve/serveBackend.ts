import type { ApiKeyStore } from "./apiKeyStore";
import type { DirectoryReader } from "./directoryReader";
import { SqliteApiKeyStore } from "./sqliteApiKeyStore";
import { openSqliteDirectoryReader } from "./sqliteDirectoryReader";

export interface ServeBackend {
  directory: DirectoryReader;
  apiKeys: ApiKeyStore;
}

/** The composition root's choice of backend for a store location (one read-only connection for both). */
export async function openServeBackend(storePath: string): Promise<ServeBackend> {
  const directory = openSqliteDirectoryReader(storePath);
  return { directory, apiKeys: SqliteApiKeyStore.reading(directory.connection) };
}
