import fs from "node:fs";
import path from "node:path";
import { loadFleetConfig } from "../../../sync/fleet/fleetConfig";
import { runFleet } from "../../../sync/fleet/runFleet";
import type { TenantReport } from "../../../sync/fleet/tenantReport";
import { openStore } from "../../../sync/store/openStore";
import { startTestPostgres, type TestPostgres } from "../../../sync/testing/postgres";
import { type LoopbackFleet, startLoopbackFleet } from "./fleetHarness";

/**
 * Issue 11 part 3, through the real engine, credential and Graph client against one stand-in per tenant,
 * every tenant in ONE store (an SQLite file, then PostgreSQL): a 429 burst on one tenant pauses that tenant
 * only; tenants with a wrong secret or an unset secret variable are reported while the others succeed; a
 * tenant stopped by its deletion guard changes nothing of the others.
 */

jest.setTimeout(90_000);

function byName(reports: TenantReport[], name: string): TenantReport {
  const report = reports.find((candidate) => candidate.name === name);
  if (report === undefined) throw new Error(`no report for ${name}`);
  return report;
}

async function contactIds(location: string, tenantId: string): Promise<string[]> {
  const store = await openStore(location, { readonly: true });
  try {
    const ids: string[] = [];
    for await (const contact of store.forTenant(tenantId).directory.iterateContacts()) ids.push(contact.id);
    return ids.sort();
  } finally {
    await store.close();
  }
}

describe.each(["sqlite", "postgres"] as const)("fleet sync into one %s store", (backend) => {
  let fleet: LoopbackFleet;
  let postgres: TestPostgres | null = null;
  let store: string;

  beforeAll(async () => {
    fleet = await startLoopbackFleet([
      { name: "throttled", users: 20, firstUser: 1 },
      { name: "steady", users: 30, firstUser: 1001 },
      { name: "wrong-secret", users: 5, firstUser: 2001 },
      { name: "no-secret", users: 5, firstUser: 3001 },
    ]);
    if (backend === "postgres") postgres = await startTestPostgres();
    store = postgres?.url ?? path.join(fleet.dir, "fleet.db");
  });

  afterAll(async () => {
    await fleet.close();
    await postgres?.stop();
  });

  const ids = (name: string) => [...fleet.tenant(name).userIds].sort();

  it("pauses only the throttled tenant, reports the bad ones, and syncs the rest", async () => {
    const throttled = fleet.tenant("throttled").standIn;
    const steady = fleet.tenant("steady").standIn;
    // Three 429s in a row, each asking for 1 s: the throttled tenant waits ≥ 3 s in all.
    throttled.faults.throttle("delta", { retryAfterSeconds: 1, times: 3, skipFirst: 1 });
    // Every page of the steady tenant takes 20 ms, like a real service rather than loopback-fast.
    steady.faults.add({ endpoint: "delta", action: { kind: "delay", ms: 20 }, times: Infinity });
    const config = loadFleetConfig(fleet.writeConfig({ store }));
    const env = fleet.secretsEnv();
    env[fleet.tenant("wrong-secret").secretEnv] = "Wr0ng8Q~ThisIsNotTheSecretOfThatTenant_1";
    delete env[fleet.tenant("no-secret").secretEnv];
    const finished: string[] = [];

    const report = await runFleet(config, {
      env,
      concurrency: 4,
      onTenantDone: (tenant) => finished.push(tenant.name),
    });

    const reports = report.tenants;
    expect(reports.map((tenant) => [tenant.name, tenant.outcome, tenant.exitCode])).toEqual([
      ["throttled", "succeeded", 0],
      ["steady", "succeeded", 0],
      ["wrong-secret", "failed", 3],
      ["no-secret", "invalid-config", 2],
    ]);
    expect(report.exitCode).toBe(2);
    expect(byName(reports, "steady")).toMatchObject({ mode: "full", created: 30, deleted: 0, pages: 6 });
    expect(byName(reports, "throttled")).toMatchObject({ mode: "full", created: 20, deleted: 0, pages: 4 });
    expect(byName(reports, "no-secret").error).toMatchObject({
      code: "fleet-secret-missing",
      field: "tenants[3].clientSecretEnv",
      message: expect.stringContaining("tenant 'no-secret'"),
    });
    expect(byName(reports, "wrong-secret").error?.code).toBe("client-secret-invalid");

    // The throttled tenant waited out its three Retry-After seconds; the steady one did not wait for it.
    expect(byName(reports, "throttled").durationMs).toBeGreaterThanOrEqual(3000);
    // Less than the 3 s the throttled tenant spends waiting alone (loose: a loaded CI machine is slow).
    expect(byName(reports, "steady").durationMs).toBeLessThan(3000);
    expect(finished.indexOf("steady")).toBeLessThan(finished.indexOf("throttled"));
    const steadyLast = Math.max(...steady.requests.list("delta").map((request) => Date.parse(request.at)));
    const throttledRetries = throttled.requests
      .list("delta")
      .filter((request) => request.fault === "status:429")
      .map((request) => Date.parse(request.at));
    expect(throttledRetries).toHaveLength(3);
    expect(steadyLast).toBeLessThan(Math.max(...throttledRetries));

    // Cost is behaviour: one request per page, plus exactly the three refused ones for the throttled tenant.
    expect(steady.requests.list("delta")).toHaveLength(6);
    expect(throttled.requests.list("delta")).toHaveLength(4 + 3);
    expect(fleet.tenant("no-secret").standIn.requests.count()).toBe(0);
    expect(fleet.tenant("wrong-secret").standIn.requests.list("delta")).toHaveLength(0);

    // One store, two directories: each tenant holds exactly its own users.
    expect(await contactIds(store, fleet.tenant("steady").tenantId)).toEqual(ids("steady"));
    expect(await contactIds(store, fleet.tenant("throttled").tenantId)).toEqual(ids("throttled"));

    const printed = JSON.stringify(report);
    for (const tenant of fleet.tenants) expect(printed).not.toContain(tenant.secret);
    expect(printed).not.toContain("Wr0ng8Q~ThisIsNotTheSecretOfThatTenant_1");
  });

  it("holds back one tenant's mass deletion without touching the other tenant's round", async () => {
    const throttled = fleet.tenant("throttled");
    const steady = fleet.tenant("steady");
    for (const id of throttled.userIds.slice(0, 15)) throttled.standIn.directory.softDelete(id);
    steady.standIn.directory.update(steady.userIds[0] as string, { jobTitle: "Head of Phones" });
    const config = loadFleetConfig(fleet.writeConfig({ store }, {}, "guard.yaml", ["throttled", "steady"]));

    const report = await runFleet(config, { env: fleet.secretsEnv(), concurrency: 2 });

    expect(
      report.tenants.map((tenant) => [tenant.name, tenant.outcome, tenant.mode, tenant.exitCode]),
    ).toEqual([
      ["throttled", "blocked-by-deletion-guard", "incremental", 6],
      ["steady", "succeeded", "incremental", 0],
    ]);
    expect(report.exitCode).toBe(6);
    expect(byName(report.tenants, "steady")).toMatchObject({ updated: 1, deleted: 0 });
    expect(await contactIds(store, throttled.tenantId)).toEqual(ids("throttled"));
    expect(await contactIds(store, steady.tenantId)).toEqual(ids("steady"));
  });

  it("plans every tenant in a dry run and writes nothing, not even a store that does not exist yet", async () => {
    const config = loadFleetConfig(fleet.writeConfig({ store }, {}, "dry.yaml", ["throttled", "steady"]));
    const report = await runFleet(config, { env: fleet.secretsEnv(), dryRun: true, full: true });
    expect(report.tenants.map((tenant) => [tenant.name, tenant.outcome, tenant.exitCode])).toEqual([
      ["throttled", "dry-run", 0],
      ["steady", "dry-run", 0],
    ]);
    // The plan shows the 15 departures the guard holds back in a real run; nothing is deleted.
    expect(byName(report.tenants, "throttled")).toMatchObject({ mode: "full", deleted: 15 });
    expect(await contactIds(store, fleet.tenant("throttled").tenantId)).toEqual(ids("throttled"));

    const nowhere = path.join(fleet.dir, "not-yet.db");
    const fresh = loadFleetConfig(fleet.writeConfig({ store: nowhere }, {}, "fresh.yaml", ["steady"]));
    const planned = await runFleet(fresh, { env: fleet.secretsEnv(), dryRun: true });
    expect(planned.tenants[0]).toMatchObject({ outcome: "dry-run", created: 30 });
    expect(fs.existsSync(nowhere)).toBe(false);
  });
});

describe("fleet sync wider than a default connection pool", () => {
  it("runs 12 tenants at once on PostgreSQL: each holds a lock connection and still gets one for its pages", async () => {
    const wide = await startLoopbackFleet(
      Array.from({ length: 12 }, (_, index) => ({ name: `t${index}`, users: 8, firstUser: 1 + index * 100 })),
    );
    const postgres = await startTestPostgres();
    try {
      for (const tenant of wide.tenants) {
        tenant.standIn.faults.add({ endpoint: "delta", action: { kind: "delay", ms: 400 }, times: Infinity });
      }
      const config = loadFleetConfig(wide.writeConfig({ store: postgres.url, concurrency: 12 }));
      const report = await runFleet(config, { env: wide.secretsEnv() });
      expect(report.concurrency).toBe(12);
      expect(report.tenants.map((tenant) => tenant.outcome)).toEqual(Array(12).fill("succeeded"));
      expect(report.tenants.map((tenant) => tenant.pages)).toEqual(Array(12).fill(2));
      // Side by side, not one after another: one after another, 12 rounds of 2 × 400 ms take ≥ 9.6 s.
      expect(report.durationMs).toBeLessThan((12 * 2 * 400) / 2);
    } finally {
      await postgres.stop();
      await wide.close();
    }
  });
});
