import type { ContactStore } from "../store/contactStore";
import { openSqliteStore } from "../store/sqliteStore";

/** Read-only use of the directory (lookup, status, export): a missing store is a clear error, never a new file. */
export function withStore<T>(storePath: string, use: (store: ContactStore) => T): T {
  const store = openSqliteStore(storePath, { readonly: true });
  try {
    return use(store);
  } finally {
    store.close();
  }
}
