import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { contactsFromRows, type ContactRow, type PhoneRow, type RunRow, toRunSummary } from "../rows";
import { StoreOutdatedError } from "../storeErrors";
import { collect } from "../../testing/storeFixtures";
import { SQLITE_SCHEMA_VERSION } from "./migrations";
import { openSqliteStore } from "./sqliteStore";

/** Written by the release before tenant-keyed stores, with that release's own code (see fixtures/README.md). */
const FIXTURE = path.join(__dirname, "fixtures", "v1-release.db");
const FIXTURE_TENANT = "5f0d7c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f";

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-migration-"));
  file = path.join(dir, "directory.db");
  fs.copyFileSync(FIXTURE, file);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Everything the version-1 file holds, read with version-1 SQL straight from the file. */
function readVersion1(storePath: string) {
  const db = new Database(storePath, { readonly: true });
  try {
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    const contacts = contactsFromRows(
      db.prepare("SELECT id, display_name, user_json FROM contacts").all() as ContactRow[],
      db.prepare("SELECT * FROM phones ORDER BY contact_id, position").all() as PhoneRow[],
    );
    return {
      contacts,
      checkpoint: db
        .prepare("SELECT delta_link AS deltaLink, settings FROM sync_state WHERE tenant_id = ?")
        .get(FIXTURE_TENANT),
      runs: (db.prepare("SELECT * FROM runs ORDER BY seq DESC").all() as RunRow[]).map(toRunSummary),
      escrow: db.prepare("SELECT id, reason, excerpt FROM escrow ORDER BY id").all(),
    };
  } finally {
    db.close();
  }
}

describe("a store written by the previous release", () => {
  it("opens and migrates without losing a contact, a phone, its delta link, a run or escrow", async () => {
    const before = readVersion1(file);
    expect(before.contacts.size).toBe(3);
    expect(before.checkpoint).toEqual({
      deltaLink: expect.stringContaining("/users/delta?$deltatoken="),
      settings: expect.any(String),
    });

    const store = openSqliteStore(file);
    try {
      expect(await store.tenants()).toEqual([
        { tenantId: FIXTURE_TENANT, contacts: 3, lastRunAt: before.runs[0]?.finishedAt },
      ]);
      const tenant = store.forTenant(FIXTURE_TENANT);
      const migrated = await collect(tenant.directory.iterateContacts());
      expect(new Map(migrated.map((contact) => [contact.id, contact]))).toEqual(before.contacts);
      expect(await tenant.checkpoint.read()).toEqual(before.checkpoint);
      expect(await tenant.runs.recent(10)).toEqual(before.runs);
      expect(await tenant.directory.escrowed()).toEqual(before.escrow);
      expect((await tenant.directory.invalidNumbers()).map((entry) => entry.raw)).toEqual(["n/a"]);
      const emile = migrated.find((contact) => contact.displayName === "Émile Zola");
      expect(await tenant.directory.findByE164("+442079460958")).toEqual([emile]);
    } finally {
      store.closeNow();
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });

  it("a read-only command does not migrate it: it says to run a sync once, and leaves the file as it was", () => {
    const bytes = fs.readFileSync(file);
    expect(() => openSqliteStore(file, { readonly: true })).toThrow(StoreOutdatedError);
    expect(() => openSqliteStore(file, { readonly: true })).toThrow(
      `The contact store ${file} has schema version 1, written by an older entra-replicator (this version uses ${SQLITE_SCHEMA_VERSION}); a read-only command does not migrate it.`,
    );
    expect(fs.readFileSync(file)).toEqual(bytes);
  });

  it("a step that fails is rolled back whole: the store stays a readable version 1", async () => {
    const db = new Database(file);
    // An object in the way of the step's own temporary table makes the step fail part-way through.
    db.exec("CREATE TABLE phones_v2 (x INTEGER)");
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/phones_v2 already exists/);
    const after = readVersion1(file);
    expect(after.contacts.size).toBe(3);
  });
});
