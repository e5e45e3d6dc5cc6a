import type { SyncResult } from "../engine/syncTenant";
import { parseFleetConfig } from "./fleetConfig";
import { runFleetWorker } from "./fleetWorker";
import type { ClaimedTenant, TenantLeaseStore } from "./tenantLeases";

/** The worker loop against an in-memory lease table and a stand-in engine: claims, completion, outages. */

const IDS = [
  "11111111-0000-4000-8000-000000000001",
  "11111111-0000-4000-8000-000000000002",
  "11111111-0000-4000-8000-000000000003",
];
const CONFIG = parseFleetConfig(
  JSON.stringify({
    tenants: [
      ...IDS.map((tenantId, index) => ({
        name: `t${index}`,
        tenantId,
        clientId: tenantId,
        clientSecretEnv: "SECRET",
        country: "NL",
      })),
      { name: "broken", tenantId: "not-a-guid" },
    ],
  }),
  "/srv/fleet.json",
);

class MemoryLeases implements TenantLeaseStore {
  readonly owner = "w";
  readonly leaseSeconds = 60;
  readonly renewEveryMs = 10_000;
  due = new Set<string>();
  held = new Set<string>();
  completed: [string, string, number][] = [];
  claimFailures = 0;

  async register(tenants: readonly { tenantId: string }[]): Promise<void> {
    for (const tenant of tenants) this.due.add(tenant.tenantId);
  }
  async claim(limit: number): Promise<ClaimedTenant[]> {
    if (this.claimFailures > 0) {
      this.claimFailures--;
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    }
    const free = [...this.due].filter((id) => !this.held.has(id)).slice(0, limit);
    for (const id of free) this.held.add(id);
    return free.map((tenantId) => ({ tenantId, name: tenantId, leaseExpiresAt: new Date() }));
  }
  async renew(): Promise<boolean> {
    return true;
  }
  async complete(tenantId: string, outcome: string, next: number): Promise<boolean> {
    this.held.delete(tenantId);
    this.due.delete(tenantId);
    this.completed.push([tenantId, outcome, next]);
    return true;
  }
  async anyDue(): Promise<boolean> {
    return this.due.size > 0;
  }
}

function engine(inFlight: { now: number; peak: number }) {
  return async (settings: { tenantId: string }): Promise<SyncResult> => {
    inFlight.now++;
    inFlight.peak = Math.max(inFlight.peak, inFlight.now);
    await new Promise((resolve) => setTimeout(resolve, 20));
    inFlight.now--;
    return {
      runId: "r",
      tenantId: settings.tenantId,
      mode: "full",
      outcome: "succeeded",
      startedAt: "",
      finishedAt: "",
      created: 1,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      invalidNumbers: 0,
      escrowed: 0,
      pages: 1,
      message: null,
      plannedChanges: null,
    };
  };
}

describe("runFleetWorker", () => {
  it("claims within its concurrency, completes each tenant with the interval, and stops once nothing is due", async () => {
    const leases = new MemoryLeases();
    const inFlight = { now: 0, peak: 0 };
    const report = await runFleetWorker(CONFIG, {
      env: { SECRET: "Sx18Q~fleetWorkerTestSecretValue_00001" },
      leases,
      concurrency: 2,
      intervalSeconds: 900,
      once: true,
      pollMs: 5,
      syncTenant: engine(inFlight),
    });
    expect(inFlight.peak).toBe(2);
    expect(leases.completed.map(([id, outcome, next]) => [id, outcome, next]).sort()).toEqual(
      IDS.map((id) => [id, "succeeded", 900]),
    );
    expect(report.tenants.map((tenant) => [tenant.name, tenant.outcome]).sort()).toEqual([
      ["broken", "invalid-config"],
      ["t0", "succeeded"],
      ["t1", "succeeded"],
      ["t2", "succeeded"],
    ]);
    expect(report.exitCode).toBe(2);
  });

  it("as a service, rides out a lease table it cannot reach and carries on; stops on its signal", async () => {
    const leases = new MemoryLeases();
    leases.claimFailures = 3;
    const stop = new AbortController();
    const done = runFleetWorker(CONFIG, {
      env: { SECRET: "Sx18Q~fleetWorkerTestSecretValue_00001" },
      leases,
      concurrency: 3,
      intervalSeconds: 900,
      once: false,
      pollMs: 5,
      signal: stop.signal,
      syncTenant: engine({ now: 0, peak: 0 }),
      onTenantDone: () => {
        if (leases.completed.length === IDS.length) stop.abort();
      },
    });
    const report = await done;
    expect(leases.claimFailures).toBe(0);
    expect(leases.completed).toHaveLength(3);
    expect(report.tenants.filter((tenant) => tenant.outcome === "succeeded")).toHaveLength(3);
  });

  it("as a one-shot job, lets running tenants finish and then fails when the lease table is away", async () => {
    const leases = new MemoryLeases();
    leases.claimFailures = 1;
    await expect(
      runFleetWorker(CONFIG, {
        env: {},
        leases,
        intervalSeconds: 900,
        once: true,
        pollMs: 5,
        syncTenant: engine({ now: 0, peak: 0 }),
      }),
    ).rejects.toThrow("ECONNREFUSED");
  });
});
