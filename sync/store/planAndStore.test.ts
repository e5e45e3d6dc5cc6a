import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Plan } from "../model";
import { planPage } from "../plan/planPage";
import { DEFAULT_SCOPE } from "../plan/scope";
import { openSqliteStore } from "./sqlite/sqliteStore";

/** The planner compares a freshly built contact with one read back from SQLite: they must agree. */
describe("planning against the SQLite store", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-plan-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const records = [
    {
      id: "6e7b768e-07e2-4810-8459-485f84f8f204",
      displayName: "Alice",
      businessPhones: ["+31 (0)20 123 4567 ext. 45", "n/a"],
      mobilePhone: "06 12345678",
      accountEnabled: true,
      userType: "Member",
      usageLocation: null,
      country: "Nederland",
    },
    {
      id: "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
      displayName: null,
      givenName: "Bob",
      businessPhones: [],
      mobilePhone: null,
    },
    {
      id: "c3b8f1a0-5d5e-4f7e-9f5b-2a1d3e4f5a6b",
      displayName: "Ünïcødé 🚀",
      businessPhones: ["0049 30 1234567"],
    },
  ];
  const options = { scope: DEFAULT_SCOPE, defaultCountry: "DE" };

  it("re-planning an applied page finds nothing to change, after reopening the file too", async () => {
    const file = path.join(dir, "directory.db");
    const store = openSqliteStore(file);
    const ids = records.map((record) => record.id);
    const { directory } = store.forTenant("tenant-a");
    const first = planPage(records, await directory.getContacts(ids), options);
    expect(first.create.map((contact) => contact.id)).toEqual(ids);
    await directory.applyPage({ upsert: first.create, delete: [], escrow: [], resolvedEscrow: [] });
    await store.close();

    const reopened = openSqliteStore(file, { readonly: true });
    const again = planPage(records, await reopened.forTenant("tenant-a").directory.getContacts(ids), options);
    await reopened.close();
    expect(again).toEqual<Plan>({ create: [], update: [], delete: [], unchanged: 3, escrow: [] });
  });
});
