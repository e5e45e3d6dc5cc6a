import crypto from "node:crypto";
import fs from "node:fs";
import { ExitCode, lookup, ReplicatorError, status, syncTenant, SyncRunError } from "../../sync/index";
import { USER_SELECT } from "../../sync/model";
import { CLIENT_SECRET, type Harness, member, startHarness, userId } from "./harness";

/** The end-to-end story of issue 3 through the programmatic API: real @azure/identity and Graph client. */

function sortedIds(map: Map<string, unknown>): string[] {
  return [...map.keys()].sort();
}

async function expectSyncError(promise: Promise<unknown>): Promise<SyncRunError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SyncRunError);
    return error as SyncRunError;
  }
  throw new Error("expected the sync to fail");
}

describe("sync against the stand-in", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness([
      member(1),
      member(2),
      member(3),
      member(4),
      member(5, { userType: "Guest", displayName: "Guest Five" }),
      member(6, { accountEnabled: false, displayName: "Disabled Six" }),
    ]);
  });

  afterEach(async () => {
    await harness.close();
  });

  it("first run is a full round: enabled members only, numbers in E.164, deltaLink kept", async () => {
    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({
      mode: "full",
      outcome: "succeeded",
      created: 4,
      updated: 0,
      deleted: 0,
      unchanged: 0,
      escrowed: 0,
      invalidNumbers: 0,
      pages: 2,
      plannedChanges: null,
    });
    const contacts = await harness.contacts();
    expect(sortedIds(contacts)).toEqual([userId(1), userId(2), userId(3), userId(4)]);
    expect(contacts.get(userId(1))?.phones.map((phone) => [phone.type, phone.e164])).toEqual([
      ["business", "+31201234001"],
      ["mobile", "+31612345001"],
    ]);

    const deltaRequests = harness.standIn.requests.list("delta");
    expect(deltaRequests[0]?.query.$select?.split(",").sort()).toEqual([...USER_SELECT].sort());
    expect(deltaRequests.every((request) => request.hasAuthorization)).toBe(true);
    expect(await status({ storePath: harness.storePath, env: {} })).toMatchObject({
      contacts: 4,
      incrementalReady: true,
    });
  });

  it("follows @odata.nextLink through empty pages and asks for the configured page size", async () => {
    harness.standIn.faults.insertEmptyPages({ times: 2 });
    const summary = await syncTenant(harness.options({ pageSize: 2 }));
    expect(summary).toMatchObject({ outcome: "succeeded", created: 4 });
    const deltaRequests = harness.standIn.requests.list("delta");
    expect(deltaRequests.map((request) => request.prefer)).toEqual(
      deltaRequests.map(() => "odata.maxpagesize=2"),
    );
    expect(summary.pages).toBe(deltaRequests.length);
  });

  it("incremental run applies adds, updates, soft and hard deletes and disables", async () => {
    await syncTenant(harness.options());
    const { directory } = harness.standIn;
    directory.add(member(7));
    directory.update(userId(1), { mobilePhone: "+31 6 2345 6789" });
    directory.softDelete(userId(2));
    directory.hardDelete(userId(3));
    directory.update(userId(4), { accountEnabled: false });
    harness.standIn.requests.clear();

    const summary = await syncTenant(harness.options());

    expect(summary).toMatchObject({
      mode: "incremental",
      outcome: "succeeded",
      created: 1,
      updated: 1,
      deleted: 3,
    });
    expect(harness.standIn.requests.list("delta")[0]?.query.$deltatoken).toBeDefined();
    const contacts = await harness.contacts();
    expect(sortedIds(contacts)).toEqual([userId(1), userId(7)]);
    expect(contacts.get(userId(1))?.phones.find((phone) => phone.type === "mobile")?.e164).toBe(
      "+31623456789",
    );
  });

  it("a soft-deleted user that is restored comes back; a hard-deleted one stays gone", async () => {
    await syncTenant(harness.options());
    harness.standIn.directory.softDelete(userId(1));
    harness.standIn.directory.hardDelete(userId(2));
    await syncTenant(harness.options());
    expect(sortedIds(await harness.contacts())).toEqual([userId(3), userId(4)]);

    harness.standIn.directory.restore(userId(1));
    const summary = await syncTenant(harness.options());
    expect(summary).toMatchObject({ created: 1, deleted: 0 });
    expect(sortedIds(await harness.contacts())).toEqual([userId(1), userId(3), userId(4)]);
  });

  it("guests and disabled accounts are included only when switched on", async () => {
    const summary = await syncTenant(harness.options({ includeGuests: true }));
    expect(summary.created).toBe(5);
    expect((await harness.contacts()).get(userId(5))?.displayName).toBe("Guest Five");
    expect((await harness.contacts()).has(userId(6))).toBe(false);

    const full = await syncTenant(
      harness.options({ includeGuests: true, includeDisabled: true, full: true }),
    );
    expect(full).toMatchObject({ mode: "full", created: 1, unchanged: 5 });
    expect(sortedIds(await harness.contacts())).toEqual([1, 2, 3, 4, 5, 6].map(userId));
  });

  it("an updated user's record is whole: the cleared property is empty, the others keep their values", async () => {
    await syncTenant(harness.options());
    harness.standIn.directory.update(userId(1), { mobilePhone: null });
    harness.standIn.requests.clear();

    await syncTenant(harness.options());

    const contact = (await harness.contacts()).get(userId(1));
    expect(contact?.user).toMatchObject({
      jobTitle: "Engineer",
      department: "R&D",
      mobilePhone: null,
      mail: "user1@contoso.example",
    });
    expect(contact?.phones.map((phone) => phone.e164)).toEqual(["+31201234001"]);
  });

  it("lookup normalises with the default country and shows every match", async () => {
    harness.standIn.directory.update(userId(2), { businessPhones: ["+31 20 123 4001"] });
    await syncTenant(harness.options());

    const result = await lookup("020-1234001", {
      storePath: harness.storePath,
      defaultCountry: "NL",
      env: {},
    });
    expect(result.e164).toBe("+31201234001");
    expect(result.matches.map((contact) => contact.id).sort()).toEqual([userId(1), userId(2)]);
    expect((await lookup("+31 20 999 9999", { storePath: harness.storePath, env: {} })).matches).toEqual([]);
  });

  it("a dry run writes nothing: no store file the first time, an unchanged file later", async () => {
    const dry = await syncTenant(harness.options({ dryRun: true }));
    expect(dry).toMatchObject({ outcome: "dry-run", mode: "full", created: 4 });
    expect(dry.plannedChanges?.upsert.map((contact) => contact.id).sort()).toEqual([1, 2, 3, 4].map(userId));
    expect(fs.existsSync(harness.storePath)).toBe(false);

    await syncTenant(harness.options());
    const before = crypto.createHash("sha256").update(fs.readFileSync(harness.storePath)).digest("hex");
    const runsBefore = (await status({ storePath: harness.storePath, env: {} })).recentRuns.length;
    harness.standIn.directory.hardDelete(userId(1));
    harness.standIn.directory.add(member(8));

    const dryAgain = await syncTenant(harness.options({ dryRun: true }));
    expect(dryAgain).toMatchObject({ outcome: "dry-run", mode: "incremental", created: 1, deleted: 1 });
    expect(dryAgain.plannedChanges?.delete).toEqual([userId(1)]);
    expect(crypto.createHash("sha256").update(fs.readFileSync(harness.storePath)).digest("hex")).toBe(before);
    expect(sortedIds(await harness.contacts())).toEqual([1, 2, 3, 4].map(userId));
    expect((await status({ storePath: harness.storePath, env: {} })).recentRuns.length).toBe(runsBefore);
  });

  it("an interrupted run leaves the deltaLink alone; the re-run converges", async () => {
    await syncTenant(harness.options());
    harness.standIn.directory.add(member(9));
    harness.standIn.directory.hardDelete(userId(1));
    // The full round's second page keeps failing until the client's retries run out.
    harness.standIn.faults.add({
      endpoint: "delta",
      action: { kind: "status", status: 503 },
      skipFirst: 1,
      times: 20,
    });

    const failure = await expectSyncError(
      syncTenant(
        harness.options({ full: true, retry: { maxRetries: 1, delaySeconds: 0, maxDelaySeconds: 0 } }),
      ),
    );
    expect(failure.summary.outcome).toBe("failed");
    expect(failure.exitCode).toBe(ExitCode.Unavailable);
    expect((await status({ storePath: harness.storePath, env: {} })).recentRuns[0]?.outcome).toBe("failed");

    harness.standIn.faults.clear();
    const rerun = await syncTenant(harness.options({ full: true }));
    expect(rerun.outcome).toBe("succeeded");
    expect(sortedIds(await harness.contacts())).toEqual([2, 3, 4, 9].map(userId));
  });

  it("a page with neither nextLink nor deltaLink fails the run instead of reading as 'everyone left'", async () => {
    await syncTenant(harness.options());
    harness.standIn.faults.add({
      endpoint: "delta",
      action: { kind: "status", status: 200, body: { value: [] } },
    });

    const failure = await expectSyncError(syncTenant(harness.options({ full: true })));
    expect(failure.code).toBe("graph-page-malformed");
    expect(failure.summary).toMatchObject({ outcome: "failed", deleted: 0 });
    expect(sortedIds(await harness.contacts())).toEqual([1, 2, 3, 4].map(userId));
  });

  it("an expired delta token drops the token and runs a full round that reconciles", async () => {
    await syncTenant(harness.options());
    harness.standIn.directory.hardDelete(userId(4));
    harness.standIn.faults.invalidateAllDeltaTokens("SyncStateNotFound");

    const summary = await syncTenant(harness.options());
    expect(summary).toMatchObject({ mode: "full", outcome: "succeeded", deleted: 1 });
    expect(sortedIds(await harness.contacts())).toEqual([1, 2, 3].map(userId));
  });

  it("the deletion guard blocks a source that suddenly returns no users, and --allow-deletes approves once", async () => {
    await syncTenant(harness.options());
    harness.standIn.faults.setZeroUsers(true);

    const blocked = await expectSyncError(syncTenant(harness.options({ full: true })));
    expect(blocked.exitCode).toBe(ExitCode.DeletionGuard);
    expect(blocked.summary).toMatchObject({ outcome: "blocked-by-deletion-guard", deleted: 0 });
    expect(sortedIds(await harness.contacts())).toEqual([1, 2, 3, 4].map(userId));
    expect((await status({ storePath: harness.storePath, env: {} })).recentRuns[0]?.outcome).toBe(
      "blocked-by-deletion-guard",
    );

    const approved = await syncTenant(harness.options({ full: true, allowDeletes: true }));
    expect(approved).toMatchObject({ outcome: "succeeded", deleted: 4 });
    expect((await harness.contacts()).size).toBe(0);
  });

  it("a wrong secret is an authentication error that says how to rotate, without the secret", async () => {
    harness.standIn.setClientSecret("the-rotated-secret-value-9876");
    const failure = await expectSyncError(syncTenant(harness.options()));
    expect(failure).toBeInstanceOf(ReplicatorError);
    expect(failure.exitCode).toBe(ExitCode.Authentication);
    expect(failure.code).toBe("client-secret-invalid");
    expect(failure.fix).toContain("pulumi up");
    expect(JSON.stringify({ ...failure.toJSON(), summary: failure.summary })).not.toContain(CLIENT_SECRET);
  });

  it("missing consent is a permission error naming the admin consent URL", async () => {
    harness.standIn.setRoles([]);
    const failure = await expectSyncError(syncTenant(harness.options()));
    expect(failure.exitCode).toBe(ExitCode.Permission);
    expect(failure.fix).toContain(`/adminconsent?client_id=${harness.options().clientId}`);
  });
});
