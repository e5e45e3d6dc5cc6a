import path from "node:path";
import { syncWithSettings } from "../../../sync/engine/syncTenant";
import { loadFleetConfig } from "../../../sync/fleet/fleetConfig";
import { runFleet } from "../../../sync/fleet/runFleet";
import type { TenantReport } from "../../../sync/fleet/tenantReport";
import { openSqliteStore } from "../../../sync/store/sqliteStore";
import { type LoopbackFleet, startLoopbackFleet } from "./fleetHarness";

/**
 * Issue 11 part 3, through the real engine, credential and Graph client against one stand-in per tenant:
 * a 429 burst on one tenant pauses that tenant only, and tenants with a wrong secret or an unset secret
 * variable are reported while the others succeed.
 */

jest.setTimeout(60_000);

let fleet: LoopbackFleet;

beforeAll(async () => {
  fleet = await startLoopbackFleet([
    { name: "throttled", users: 20, firstUser: 1 },
    { name: "steady", users: 30, firstUser: 1001 },
    { name: "wrong-secret", users: 5, firstUser: 2001 },
    { name: "no-secret", users: 5, firstUser: 3001 },
  ]);
});

afterAll(async () => {
  await fleet.close();
});

function byName(reports: TenantReport[], name: string): TenantReport {
  const report = reports.find((candidate) => candidate.name === name);
  if (report === undefined) throw new Error(`no report for ${name}`);
  return report;
}

function contactIds(storePath: string): string[] {
  const store = openSqliteStore(storePath, { readonly: true });
  try {
    return [...store.iterateContacts()].map((contact) => contact.id).sort();
  } finally {
    store.close();
  }
}

/** Until the store is tenant-keyed each tenant gets a file of its own; the engine is the real one. */
const storeOf = (tenantId: string) => path.join(fleet.dir, `${tenantId}.db`);

describe("fleet sync", () => {
  it("pauses only the throttled tenant, reports the bad ones, and syncs the rest", async () => {
    const throttled = fleet.tenant("throttled").standIn;
    const steady = fleet.tenant("steady").standIn;
    // Three 429s in a row, each asking for 1 s: the throttled tenant waits ≥ 3 s in all.
    throttled.faults.throttle("delta", { retryAfterSeconds: 1, times: 3, skipFirst: 1 });
    // Every page of the steady tenant takes 20 ms, like a real service rather than loopback-fast.
    steady.faults.add({ endpoint: "delta", action: { kind: "delay", ms: 20 }, times: Infinity });
    const config = loadFleetConfig(fleet.writeConfig());
    const env = fleet.secretsEnv();
    env[fleet.tenant("wrong-secret").secretEnv] = "Wr0ng8Q~ThisIsNotTheSecretOfThatTenant_1";
    delete env[fleet.tenant("no-secret").secretEnv];
    const finished: string[] = [];

    const report = await runFleet(config, {
      env,
      concurrency: 4,
      syncTenant: (settings, options) =>
        syncWithSettings({ ...settings, storePath: storeOf(settings.tenantId) }, options),
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
    expect(byName(reports, "steady")).toMatchObject({ mode: "full", created: 30, pages: 6 });
    expect(byName(reports, "throttled")).toMatchObject({ mode: "full", created: 20, pages: 4 });
    expect(byName(reports, "no-secret").error).toMatchObject({
      code: "fleet-secret-missing",
      field: "tenants[3].clientSecretEnv",
      message: expect.stringContaining("tenant 'no-secret'"),
    });
    expect(byName(reports, "wrong-secret").error?.code).toBe("client-secret-invalid");

    // The throttled tenant waited out its three Retry-After seconds; the steady one did not wait for it.
    expect(byName(reports, "throttled").durationMs).toBeGreaterThanOrEqual(3000);
    expect(byName(reports, "steady").durationMs).toBeLessThan(2000);
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

    expect(contactIds(storeOf(fleet.tenant("steady").tenantId))).toEqual(
      [...fleet.tenant("steady").userIds].sort(),
    );
    expect(contactIds(storeOf(fleet.tenant("throttled").tenantId))).toEqual(
      [...fleet.tenant("throttled").userIds].sort(),
    );

    const printed = JSON.stringify(report);
    for (const tenant of fleet.tenants) expect(printed).not.toContain(tenant.secret);
    expect(printed).not.toContain("Wr0ng8Q~ThisIsNotTheSecretOfThatTenant_1");
  });
});
