import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { Pool } from "pg";
import { syncTenant } from "../../../sync/index";
import type { Contact } from "../../../sync/model";
import { openStore } from "../../../sync/store/openStore";
import { listLeases } from "../../../sync/fleet/tenantLeases";
import { startTestPostgres, type TestPostgres } from "../../../sync/testing/postgres";
import { REPO_ROOT } from "../harness";
import { type LoopbackFleet, startLoopbackFleet } from "./fleetHarness";

/**
 * Issue 11 part 4: two real `fleet work` processes on one real PostgreSQL share a fleet of six loopback
 * tenants. Every tenant is synced exactly once per cycle; a worker killed with SIGKILL mid-round leaves
 * its tenants leased until the lease runs out (moved forward in the lease table, not slept through),
 * then the other worker syncs them and every directory equals a clean sync.
 */

jest.setTimeout(120_000);

const TENANTS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
/** 30 users in pages of 5, each page answered after 400 ms: a full round takes ≥ 2.4 s. */
const PAGE_DELAY_MS = 400;

let fleet: LoopbackFleet;
let postgres: TestPostgres;
let pool: Pool;
let config: string;

interface Worker {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startWorker(id: string, args: string[]): Worker {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(REPO_ROOT, "sync/cli/main.ts"),
      "fleet",
      "work",
      "--config",
      config,
      "--worker-id",
      id,
      "--json",
      "--log-level",
      "warn",
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, "standin/tls/ca.pem"),
        ...fleet.secretsEnv(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function namesIn(stdout: string): string[] {
  const document = JSON.parse(stdout) as { tenants: { name: string; outcome: string }[] };
  for (const tenant of document.tenants) expect(tenant.outcome).toBe("succeeded");
  return document.tenants.map((tenant) => tenant.name).sort();
}

async function directoryOf(location: string, tenantId: string): Promise<Contact[]> {
  const store = await openStore(location, { readonly: true });
  try {
    const contacts: Contact[] = [];
    for await (const contact of store.forTenant(tenantId).directory.iterateContacts()) contacts.push(contact);
    return contacts;
  } finally {
    await store.close();
  }
}

const deltaRequests = (name: string) => fleet.tenant(name).standIn.requests.list("delta").length;

beforeAll(async () => {
  fleet = await startLoopbackFleet(
    TENANTS.map((name, index) => ({ name, users: 30, firstUser: 1 + index * 1000, pageSize: 5 })),
  );
  for (const tenant of fleet.tenants) {
    tenant.standIn.faults.add({
      endpoint: "delta",
      action: { kind: "delay", ms: PAGE_DELAY_MS },
      times: Infinity,
    });
  }
  postgres = await startTestPostgres();
  config = fleet.writeConfig({ store: postgres.url });
  pool = new Pool({ connectionString: postgres.url, max: 2, options: "-c search_path=entra_replicator" });
});

afterAll(async () => {
  await pool.end();
  await postgres.stop();
  await fleet.close();
});

describe("fleet work: two workers, one PostgreSQL", () => {
  it("syncs every tenant exactly once per cycle, split between the workers", async () => {
    const first = startWorker("w1", ["--once", "--concurrency", "1"]);
    const second = startWorker("w2", ["--once", "--concurrency", "1"]);
    const [one, two] = await Promise.all([first.done, second.done]);
    expect([one.code, two.code]).toEqual([0, 0]);

    const byFirst = namesIn(one.stdout);
    const bySecond = namesIn(two.stdout);
    expect([...byFirst, ...bySecond].sort()).toEqual(TENANTS);
    expect(byFirst.filter((name) => bySecond.includes(name))).toEqual([]);
    expect(byFirst.length).toBeGreaterThan(0);
    expect(bySecond.length).toBeGreaterThan(0);

    const leases = await listLeases(pool);
    expect(leases.map((lease) => [lease.name, lease.syncs, lease.leaseOwner, lease.lastOutcome])).toEqual(
      [...leases].map((lease) => [lease.name, 1, null, "succeeded"]),
    );
    expect(leases.map((lease) => lease.name).sort()).toEqual(TENANTS);
    // Exactly one full round per tenant: 6 pages each, one run recorded each.
    for (const name of TENANTS) expect(deltaRequests(name)).toBe(6);
    const store = await openStore(postgres.url, { readonly: true });
    try {
      for (const tenant of fleet.tenants) {
        expect(await store.forTenant(tenant.tenantId).runs.recent(10)).toHaveLength(1);
      }
    } finally {
      await store.close();
    }
  });

  it("finishes a SIGKILLed worker's tenants once its leases run out; every directory equals a clean sync", async () => {
    // Changes for the next cycle, in every tenant: a new number, a departure, a newcomer.
    for (const [index, tenant] of fleet.tenants.entries()) {
      tenant.standIn.directory.update(tenant.userIds[0] as string, {
        mobilePhone: `+31 6 5555 ${1000 + index}`,
      });
      tenant.standIn.directory.softDelete(tenant.userIds[1] as string);
      tenant.standIn.requests.clear();
    }
    // The next cycle starts: every tenant due now (time moved in the table, not slept through).
    await pool.query("UPDATE fleet_tenants SET due_at = now()");

    const doomed = startWorker("doomed", [
      "--once",
      "--full",
      "--concurrency",
      "3",
      "--lease-seconds",
      "300",
    ]);
    let doomedTenants: string[] = [];
    await until("the doomed worker is mid-round in three tenants", async () => {
      doomedTenants = (await listLeases(pool)).filter((l) => l.leaseOwner === "doomed").map((l) => l.name);
      return doomedTenants.length === 3 && doomedTenants.every((name) => deltaRequests(name) >= 2);
    });
    doomed.child.kill("SIGKILL");
    expect((await doomed.done).signal).toBe("SIGKILL");
    for (const name of doomedTenants) expect(deltaRequests(name)).toBeLessThan(6);

    const survivor = startWorker("survivor", ["--once", "--full", "--concurrency", "3"]);
    const others = TENANTS.filter((name) => !doomedTenants.includes(name));
    await until("the survivor has synced the unleased tenants", async () => {
      const leases = await listLeases(pool);
      return others.every((name) => leases.find((lease) => lease.name === name)?.syncs === 2);
    });
    // The dead worker's leases still hold: its tenants wait.
    const waiting = await listLeases(pool);
    expect(
      waiting
        .filter((lease) => lease.leaseOwner === "doomed")
        .map((lease) => lease.name)
        .sort(),
    ).toEqual([...doomedTenants].sort());
    expect(
      waiting
        .filter((lease) => lease.syncs === 1)
        .map((lease) => lease.name)
        .sort(),
    ).toEqual([...doomedTenants].sort());

    await pool.query(
      "UPDATE fleet_tenants SET lease_expires_at = now() - interval '1 second' WHERE lease_owner = 'doomed'",
    );
    const finished = await survivor.done;
    expect(finished.code).toBe(0);
    expect(namesIn(finished.stdout)).toEqual(TENANTS);

    const leases = await listLeases(pool);
    expect(leases.every((lease) => lease.syncs === 2 && lease.leaseOwner === null)).toBe(true);
    for (const tenant of fleet.tenants) {
      const clean = path.join(fleet.dir, `clean-${tenant.name}.db`);
      await syncTenant({
        tenantId: tenant.tenantId,
        clientId: tenant.clientId,
        clientSecret: tenant.secret,
        authorityHost: tenant.standIn.authorityHost,
        graphEndpoint: tenant.standIn.graphEndpoint,
        storePath: clean,
        defaultCountry: "NL",
        env: {},
      });
      const shared = await directoryOf(postgres.url, tenant.tenantId);
      expect(shared).toEqual(await directoryOf(clean, tenant.tenantId));
      expect(shared).toHaveLength(29);
    }
  });

  it("as a service: re-syncs each tenant once per interval, and on SIGTERM finishes what it runs and releases its leases", async () => {
    const before = new Map((await listLeases(pool)).map((lease) => [lease.name, lease.syncs]));
    await pool.query("UPDATE fleet_tenants SET due_at = now()");
    const service = startWorker("service", ["--concurrency", "6", "--interval-seconds", "2"]);
    await until("every tenant has been synced twice more", async () =>
      (await listLeases(pool)).every((lease) => lease.syncs >= (before.get(lease.name) ?? 0) + 2),
    );
    service.child.kill("SIGTERM");
    const stopped = await service.done;
    expect(stopped.code).toBe(0);
    expect(namesIn(stopped.stdout)).toEqual(TENANTS);
    const leases = await listLeases(pool);
    expect(leases.every((lease) => lease.leaseOwner === null)).toBe(true);

    const store = await openStore(postgres.url, { readonly: true });
    try {
      for (const tenant of fleet.tenants) {
        const runs = await store.forTenant(tenant.tenantId).runs.recent(50);
        const lease = leases.find((candidate) => candidate.tenantId === tenant.tenantId);
        // Every claim is one recorded run, and none started before its interval after the previous one ended.
        expect(runs).toHaveLength(lease?.syncs ?? -1);
        const serviceRuns = runs.slice(0, (lease?.syncs ?? 0) - (before.get(tenant.name) ?? 0)).reverse();
        for (let i = 1; i < serviceRuns.length; i++) {
          const gap =
            Date.parse(serviceRuns[i]?.startedAt ?? "") - Date.parse(serviceRuns[i - 1]?.finishedAt ?? "");
          expect(gap).toBeGreaterThanOrEqual(1900);
        }
      }
    } finally {
      await store.close();
    }
  });
});
