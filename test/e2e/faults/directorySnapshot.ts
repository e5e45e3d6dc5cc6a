import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { syncTenant } from "../../../sync/index";
import type { Contact } from "../../../sync/model";
import { openSqliteStore } from "../../../sync/store/sqlite/sqliteStore";
import { type Harness, TENANT_ID } from "../harness";

/** Every contact of a store with its phones, ordered by id: two directories are equal when these are. */
export async function directoryOf(storePath: string, tenantId = TENANT_ID): Promise<Contact[]> {
  const store = openSqliteStore(storePath, { readonly: true });
  try {
    const contacts: Contact[] = [];
    for await (const contact of store.forTenant(tenantId).directory.iterateContacts()) contacts.push(contact);
    return contacts.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  } finally {
    await store.close();
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
    return await directoryOf(storePath);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The deltaLink a store would resume from (null: the next run is a full round). */
export async function storedDeltaLink(storePath: string, tenantId: string): Promise<string | null> {
  const store = openSqliteStore(storePath, { readonly: true });
  try {
    return (await store.forTenant(tenantId).checkpoint.read())?.deltaLink ?? null;
  } finally {
    await store.close();
  }
}
