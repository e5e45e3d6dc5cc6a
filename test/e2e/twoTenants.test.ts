import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lookup, status, syncTenant } from "../../sync/index";
import { type GraphUser, type StandIn, startStandIn } from "../../standin";
import { CLIENT_ID, CLIENT_SECRET, member } from "./harness";

/**
 * Issue 11: syncing tenant B into the store that holds tenant A deleted A's contacts and reported
 * `succeeded` (contacts were not keyed by tenant; 3 deletes stay under both guard thresholds). Written
 * against the public API only, so the same test ran on the release before the fix — and failed there.
 */
const TENANT_A = "aaaaaaaa-0000-4000-8000-00000000000a";
const TENANT_B = "bbbbbbbb-0000-4000-8000-00000000000b";

function usersOf(tenant: "a" | "b", numbers: number[]): GraphUser[] {
  return numbers.map((n) =>
    member(n, {
      id: `${tenant === "a" ? "aaaaaaaa" : "bbbbbbbb"}-0000-4000-8000-${String(n).padStart(12, "0")}`,
      displayName: `${tenant.toUpperCase()} user ${n}`,
      businessPhones: [`+31 20 ${tenant === "a" ? "111" : "222"} ${String(1000 + n)}`],
      mobilePhone: null,
    }),
  );
}

describe("two tenants, one store", () => {
  let dir: string;
  const standIns: StandIn[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-replicator-two-tenants-"));
  });
  afterEach(async () => {
    for (const standIn of standIns.splice(0)) await standIn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function tenant(tenantId: string, users: GraphUser[]) {
    const standIn = await startStandIn({
      tenantId,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      users,
      pageSize: 2,
    });
    standIns.push(standIn);
    return {
      standIn,
      options: (storePath: string) => ({
        tenantId,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        authorityHost: standIn.authorityHost,
        graphEndpoint: standIn.graphEndpoint,
        storePath,
        defaultCountry: "NL",
        env: {},
      }),
    };
  }

  it("syncing tenant B never deletes, changes or shows tenant A's contacts", async () => {
    const storePath = path.join(dir, "shared.db");
    const a = await tenant(TENANT_A, usersOf("a", [1, 2, 3]));
    const b = await tenant(TENANT_B, usersOf("b", [1, 2]));

    await syncTenant(a.options(storePath));
    const resultB = await syncTenant(b.options(storePath));
    expect(resultB).toMatchObject({ outcome: "succeeded", mode: "full", created: 2, deleted: 0 });
    // A full round of B again (a reconciliation): still nothing of A is B's to delete.
    expect(await syncTenant({ ...b.options(storePath), full: true })).toMatchObject({
      deleted: 0,
      unchanged: 2,
    });

    const inA = await lookup("+31 20 111 1002", { storePath, tenant: TENANT_A, env: {} });
    expect(inA.matches.map((contact) => contact.displayName)).toEqual(["A user 2"]);
    const inB = await lookup("+31 20 222 1002", { storePath, tenant: TENANT_B, env: {} });
    expect(inB.matches.map((contact) => contact.displayName)).toEqual(["B user 2"]);
    // Each tenant's view holds only its own numbers.
    expect((await lookup("+31 20 222 1002", { storePath, tenant: TENANT_A, env: {} })).matches).toEqual([]);
    expect(await status({ storePath, tenant: TENANT_A, env: {} })).toMatchObject({ contacts: 3 });
    expect(await status({ storePath, tenant: TENANT_B, env: {} })).toMatchObject({ contacts: 2 });

    // A's next run is incremental from its own deltaLink, and finds nothing changed.
    expect(await syncTenant(a.options(storePath))).toMatchObject({
      mode: "incremental",
      created: 0,
      updated: 0,
      deleted: 0,
    });
  });

  it("a read without a tenant on a store of several lists them instead of guessing", async () => {
    const storePath = path.join(dir, "shared.db");
    await syncTenant((await tenant(TENANT_A, usersOf("a", [1]))).options(storePath));
    await syncTenant((await tenant(TENANT_B, usersOf("b", [1]))).options(storePath));
    await expect(lookup("+31 20 111 1001", { storePath, env: {} })).rejects.toMatchObject({
      code: "store-tenant-ambiguous",
      message: `The store ${storePath} holds 2 tenants (${TENANT_A}, ${TENANT_B}); which one is meant?`,
      fix: "Name the tenant with --tenant <id> (or AZURE_TENANT_ID).",
    });
    const viaEnvironment = await lookup("+31 20 111 1001", { storePath, env: { AZURE_TENANT_ID: TENANT_A } });
    expect(viaEnvironment.matches.map((contact) => contact.displayName)).toEqual(["A user 1"]);
  });
});
