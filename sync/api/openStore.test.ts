import { openSqliteStore, type SqliteStore } from "../store/sqlite/sqliteStore";
import { testContact, testPage } from "../testing/storeFixtures";
import { selectTenant } from "./openStore";

/** Which tenant a read-only command (lookup, status, export) reads. */
describe("selectTenant", () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openSqliteStore(":memory:");
  });
  afterEach(() => store.closeNow());
  const holding = async (...tenants: string[]) => {
    for (const tenant of tenants) {
      await store.forTenant(tenant).directory.applyPage(testPage({ upsert: [testContact(`${tenant}-1`)] }));
    }
  };

  it.each([
    { held: [], asked: undefined, reads: "" },
    { held: [], asked: "tenant-a", reads: "tenant-a" },
    { held: ["tenant-a"], asked: undefined, reads: "tenant-a" },
    { held: ["tenant-a"], asked: "", reads: "tenant-a" },
    { held: ["tenant-a", "tenant-b"], asked: "tenant-b", reads: "tenant-b" },
  ])("holding $held, asked for $asked: reads '$reads'", async ({ held, asked, reads }) => {
    await holding(...held);
    expect((await selectTenant(store, asked)).tenantId).toBe(reads);
  });

  it.each([
    {
      held: ["tenant-a", "tenant-b"],
      asked: undefined,
      message: "The store :memory: holds 2 tenants (tenant-a, tenant-b); which one is meant?",
    },
    {
      held: ["tenant-a"],
      asked: "tenant-z",
      message: "The store :memory: holds nothing of tenant tenant-z; it holds tenant-a.",
    },
  ])("holding $held, asked for $asked: an error listing them", async ({ held, asked, message }) => {
    await holding(...held);
    await expect(selectTenant(store, asked)).rejects.toMatchObject({
      code: "store-tenant-ambiguous",
      field: "tenant",
      exitCode: 2,
      message,
      fix: "Name the tenant with --tenant <id> (or AZURE_TENANT_ID).",
    });
  });
});
