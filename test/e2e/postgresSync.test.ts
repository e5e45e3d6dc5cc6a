import { exportDirectory, lookup, status, syncTenant } from "../../sync/index";
import { openStore } from "../../sync/store/openStore";
import { startTestPostgres, type TestPostgres } from "../../sync/testing/postgres";
import { collect } from "../../sync/testing/storeFixtures";
import { type Harness, member, startHarness, TENANT_ID, userId } from "./harness";
import fs from "node:fs";
import path from "node:path";

/** The whole sync into PostgreSQL, chosen by the setting alone (ENTRA_REPLICATOR_DB / storePath = a URL). */
describe("sync into PostgreSQL", () => {
  let server: TestPostgres;
  let harness: Harness;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    harness = await startHarness([member(1), member(2), member(3), member(4)]);
  });
  afterEach(async () => {
    await harness.close();
  });

  it("full then incremental round, then lookup, status and export read it back", async () => {
    const storePath = server.url;
    expect(await syncTenant(harness.options({ storePath }))).toMatchObject({ mode: "full", created: 4 });
    harness.standIn.directory.update(userId(2), { jobTitle: "Lead" });
    harness.standIn.directory.hardDelete(userId(4));
    expect(await syncTenant(harness.options({ storePath }))).toMatchObject({
      mode: "incremental",
      updated: 1,
      deleted: 1,
    });

    const found = await lookup("020 123 4001", { storePath, defaultCountry: "NL", env: {} });
    expect(found.matches.map((contact) => contact.id)).toEqual([userId(1)]);
    // (trust authentication: the password is ignored by the server, and must never be shown)
    const withPassword = server.url.replace("postgres@", "postgres:hunter2@");
    expect(await status({ storePath: withPassword, env: {} })).toMatchObject({
      storePath: server.url,
      tenantId: TENANT_ID,
      contacts: 3,
      incrementalReady: true,
      recentRuns: [{ mode: "incremental" }, { mode: "full" }],
    });
    const output = path.join(harness.dir, "directory.json");
    await exportDirectory({ storePath, format: "json", output, env: {} });
    expect((JSON.parse(fs.readFileSync(output, "utf8")) as { id: string }[]).map((c) => c.id)).toEqual(
      [1, 2, 3].map(userId),
    );

    // The same directory a SQLite store gets from the same tenant.
    await syncTenant(harness.options({ full: true }));
    const sqlite = await openStore(harness.storePath, { readonly: true });
    const postgres = await openStore(storePath, { readonly: true });
    try {
      expect(await collect(postgres.forTenant(TENANT_ID).directory.iterateContacts())).toEqual(
        await collect(sqlite.forTenant(TENANT_ID).directory.iterateContacts()),
      );
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
    }
  });

  it("a second run of the same tenant while one is running is refused; the first is unharmed", async () => {
    const storePath = `${server.url}?schema=${server.newSchema("locked")}`;
    harness.standIn.faults.add({ endpoint: "delta", action: { kind: "delay", ms: 150 }, times: 100 });
    const first = syncTenant(harness.options({ storePath }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(syncTenant(harness.options({ storePath }))).rejects.toMatchObject({ code: "store-locked" });
    expect(await first).toMatchObject({ outcome: "succeeded" });
  });
});
