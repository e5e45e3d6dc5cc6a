import { Pool } from "pg";
import { openStore } from "../../../sync/store/openStore";
import { listLeases, TenantLeases } from "../../../sync/fleet/tenantLeases";
import { startTestPostgres, type TestPostgres } from "../../../sync/testing/postgres";

/** The lease statements against a real PostgreSQL: exclusive claims, SKIP LOCKED, expiry, ownership. */

jest.setTimeout(60_000);

let server: TestPostgres;
let pool: Pool;
const TENANTS = Array.from({ length: 10 }, (_, i) => ({
  tenantId: `tenant-${String(i).padStart(2, "0")}`,
  name: `t${i}`,
}));
const IDS = TENANTS.map((tenant) => tenant.tenantId);

beforeAll(async () => {
  server = await startTestPostgres();
  // The lease table comes with the store's migrations (PostgreSQL step 000003).
  await (await openStore(server.url)).close();
  pool = new Pool({ connectionString: server.url, max: 6, options: "-c search_path=entra_replicator" });
});

afterAll(async () => {
  await pool.end();
  await server.stop();
});

beforeEach(async () => {
  await pool.query("TRUNCATE fleet_tenants");
});

const leasesOf = (owner: string, seconds = 60) => new TenantLeases(pool, owner, seconds, IDS);

describe("TenantLeases", () => {
  it("gives every due tenant to exactly one of several workers claiming at the same time", async () => {
    await leasesOf("w0").register(TENANTS);
    const workers = ["w1", "w2", "w3"].map((owner) => leasesOf(owner));
    const claimed = await Promise.all(
      workers.map(async (worker) => {
        const mine: string[] = [];
        for (let batch = await worker.claim(2); batch.length > 0; batch = await worker.claim(2)) {
          mine.push(...batch.map((tenant) => tenant.tenantId));
        }
        return mine;
      }),
    );
    expect(claimed.flat().sort()).toEqual(IDS);
    const rows = await listLeases(pool);
    expect(rows.every((row) => row.leaseOwner !== null && row.leaseExpiresAt !== null)).toBe(true);
    for (const [index, owner] of ["w1", "w2", "w3"].entries()) {
      expect(
        rows
          .filter((row) => row.leaseOwner === owner)
          .map((row) => row.tenantId)
          .sort(),
      ).toEqual([...(claimed[index] ?? [])].sort());
    }
  });

  it("skips a tenant whose row another transaction holds, instead of waiting for it", async () => {
    const worker = leasesOf("w1");
    await worker.register(TENANTS.slice(0, 2));
    const holder = await pool.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM fleet_tenants WHERE tenant_id = 'tenant-00' FOR UPDATE");
      const started = Date.now();
      expect((await worker.claim(5)).map((tenant) => tenant.tenantId)).toEqual(["tenant-01"]);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
  });

  it("makes a tenant claimable again once its lease has run out, and the old owner can no longer renew or complete it", async () => {
    const first = leasesOf("crashed");
    const second = leasesOf("survivor");
    await first.register(TENANTS.slice(0, 3));
    expect(await first.claim(3)).toHaveLength(3);
    expect(await second.claim(3)).toEqual([]);
    expect(await second.anyDue()).toBe(true);

    // Time moves on: the crashed worker's leases run out (moved in the table, not slept through).
    await pool.query(
      "UPDATE fleet_tenants SET lease_expires_at = now() - interval '1 second' WHERE lease_owner = 'crashed'",
    );
    const taken = await second.claim(3);
    expect(taken.map((tenant) => tenant.tenantId)).toEqual(["tenant-00", "tenant-01", "tenant-02"]);
    expect(await first.renew("tenant-00")).toBe(false);
    expect(await first.complete("tenant-00", "succeeded", 900)).toBe(false);

    expect(await second.renew("tenant-00")).toBe(true);
    for (const tenant of taken) expect(await second.complete(tenant.tenantId, "succeeded", 900)).toBe(true);
    const rows = await listLeases(pool);
    expect(rows.map((row) => [row.tenantId, row.leaseOwner, row.lastOutcome, row.syncs])).toEqual([
      ["tenant-00", null, "succeeded", 1],
      ["tenant-01", null, "succeeded", 1],
      ["tenant-02", null, "succeeded", 1],
    ]);
    // Completed: due again only after the interval, so this cycle is over for every worker.
    expect(await second.claim(3)).toEqual([]);
    expect(await second.anyDue()).toBe(false);
    expect(rows.every((row) => row.dueAt.getTime() > Date.now() + 800_000)).toBe(true);
  });

  it("never claims a tenant outside its own fleet file, and keeps schedules when re-registering", async () => {
    const other = new TenantLeases(pool, "other", 60, ["tenant-09"]);
    await leasesOf("w1").register(TENANTS);
    await pool.query(
      "UPDATE fleet_tenants SET due_at = now() + interval '1 hour' WHERE tenant_id = 'tenant-00'",
    );
    await leasesOf("w1").register([{ tenantId: "tenant-00", name: "renamed" }]);
    const row = (await listLeases(pool)).find((candidate) => candidate.tenantId === "tenant-00");
    expect(row).toMatchObject({ name: "renamed" });
    expect(row?.dueAt.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect((await other.claim(10)).map((tenant) => tenant.tenantId)).toEqual(["tenant-09"]);
  });
});
