import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { syncTenant } from "../../../sync";
import type { Contact } from "../../../sync/model";
import { openSqliteStore } from "../../../sync/store/sqliteStore";
import type { Harness } from "../harness";

/** Every contact of a store with its phones, ordered by id: two directories are equal when these are. */
export function directoryOf(storePath: string): Contact[] {
  const store = openSqliteStore(storePath, { readonly: true });
  try {
    return [...store.iterateContacts()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  } finally {
    store.close();
  }
}

/**
 * The directory a clean full sync of the stand-in's current tenant produces, in a store of its own: what a
 * store must equal after faults, kills and re-runs. Clears no faults: the caller decides.
 */
export async function cleanSyncDirectory(harness: Harness): Promise<Contact[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-reference-"));
  try {
    const storePath = path.join(dir, "reference.db");
    await syncTenant(harness.options({ storePath }));
    return directoryOf(storePath);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The deltaLink a store would resume from (null: the next run is a full round). */
export function storedDeltaLink(storePath: string, tenantId: string): string | null {
  const store = openSqliteStore(storePath, { readonly: true });
  try {
    return store.getDeltaLink(tenantId);
  } finally {
    store.close();
  }
}
