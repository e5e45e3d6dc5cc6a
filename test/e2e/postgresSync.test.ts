import { Client } from "pg";
import { exportDirectory, lookup, status, syncTenant } from "../../sync/index";
import { openStore } from "../../sync/store/openStore";
import { startTestPostgres, type TestPostgres } from "../../sync/testing/postgres";
import { runCliInProcess } from "../../sync/testing/runCliInProcess";
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

  it("the CLI: ENTRA_REPLICATOR_DB=postgres://… alone selects PostgreSQL for sync, lookup and status", async () => {
    const schema = server.newSchema("cli");
    const env = harness.env({
      ENTRA_REPLICATOR_DB: `${server.url.replace("postgres@", "postgres:hunter2@")}?schema=${schema}`,
    });
    const synced = await runCliInProcess(["sync", "--json"], env);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ outcome: "succeeded", mode: "full", created: 4 });

    const found = await runCliInProcess(["lookup", "--json", "020 123 4003"], env);
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout) as { matches: { id: string }[] }).matches.map((c) => c.id)).toEqual([
      userId(3),
    ]);

    const report = await runCliInProcess(["status", "--json"], env);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ tenantId: TENANT_ID, contacts: 4 });
    expect(synced.stdout + synced.stderr + found.stdout + report.stdout + report.stderr).not.toContain(
      "hunter2",
    );
    expect(fs.existsSync(harness.storePath)).toBe(false);
  });

  it("the server ends the sync's sessions mid-round: the run stops as store-lock-lost; the rerun equals a clean sync", async () => {
    for (let n = 5; n <= 40; n += 1) harness.standIn.directory.add(member(n));
    const storePath = `${server.url}?schema=${server.newSchema("outage")}`;
    harness.standIn.faults.add({ endpoint: "delta", action: { kind: "delay", ms: 40 }, times: 1000 });
    const run = syncTenant(harness.options({ storePath })).then(
      (result) => ({ outcome: result.outcome as string, code: null as string | null }),
      (error: { code?: string; summary?: { outcome: string } }) => ({
        outcome: "failed",
        code: error.code ?? null,
      }),
    );
    await waitUntil(() => harness.standIn.requests.list("delta").length >= 4);
    const killer = new Client({ connectionString: server.url });
    await killer.connect();
    const killed = await killer.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
        "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend' AND datname = current_database()",
    );
    await killer.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    // The lock's session ended, so another run could own the tenant now: this one stops before its next
    // write (the pool's dropped connections are replaced; pool.on('error') keeps the process alive).
    expect(await run).toEqual({ outcome: "failed", code: "store-lock-lost" });
    harness.standIn.faults.clear();

    await syncTenant(harness.options({ storePath }));
    const reference = `${server.url}?schema=${server.newSchema("reference")}`;
    await syncTenant(harness.options({ storePath: reference }));
    const [after, clean] = await Promise.all([
      openStore(storePath, { readonly: true }),
      openStore(reference, { readonly: true }),
    ]);
    try {
      expect(await collect(after.forTenant(TENANT_ID).directory.iterateContacts())).toEqual(
        await collect(clean.forTenant(TENANT_ID).directory.iterateContacts()),
      );
    } finally {
      await Promise.all([after.close(), clean.close()]);
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
