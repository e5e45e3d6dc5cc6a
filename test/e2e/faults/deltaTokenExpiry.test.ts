import { ExitCode, status, syncTenant, SyncRunError } from "../../../sync/index";
import { DELTA_TOKEN_EXPIRY_SHAPES } from "../../../standin/faults";
import { type Harness, member, startHarness, TENANT_ID, userId } from "../harness";
import { cleanSyncDirectory, directoryOf, storedDeltaLink } from "./directorySnapshot";

/**
 * Issue 4: Graph refuses an expired delta token as 400 syncStateNotFound (either case), 410 Gone (with or
 * without Location) or 400 resyncRequired. Each time the sync drops the token, runs a full round in the
 * same run, and reconciles away contacts the full round no longer has — within the deletion guard.
 */

const EXPECTED_STATUS = {
  syncStateNotFound: 400,
  SyncStateNotFound: 400,
  resyncRequired: 400,
  resyncRequiredGone: 410,
  gone: 410,
  goneWithoutLocation: 410,
} as const;

describe("an expired delta token", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness(
      Array.from({ length: 30 }, (_, index) => member(index + 1)),
      { pageSize: 4 },
    );
    await syncTenant(harness.options());
  });

  afterEach(async () => {
    await harness.close();
  });

  it.each(DELTA_TOKEN_EXPIRY_SHAPES)(
    "%s: the token is dropped, a full round runs at once and reconciles away absent contacts",
    async (shape) => {
      const { directory } = harness.standIn;
      directory.hardDelete(userId(4));
      directory.softDelete(userId(9));
      directory.update(userId(2), { mobilePhone: "+31 6 8888 0002" });
      directory.add(member(31));
      harness.standIn.faults.expireDeltaToken(shape);
      harness.standIn.requests.clear();

      const summary = await syncTenant(harness.options());

      expect(summary).toMatchObject({
        outcome: "succeeded",
        mode: "full",
        created: 1,
        updated: 1,
        deleted: 2,
      });
      const requests = harness.standIn.requests.list("delta");
      expect(requests[0]).toMatchObject({ status: EXPECTED_STATUS[shape] });
      expect(requests[0]?.query.$deltatoken).toBeDefined();
      // The full round starts from scratch, not from a resumed token.
      expect(requests[1]?.query.$deltatoken).toBeUndefined();
      expect(requests[1]?.query.$skiptoken).toBeUndefined();
      expect(requests.slice(1).map((request) => request.status)).toEqual(requests.slice(1).map(() => 200));
      expect(await directoryOf(harness.storePath)).toEqual(await cleanSyncDirectory(harness));

      // The new round's deltaLink is stored and works: the next run is incremental again.
      directory.update(userId(3), { jobTitle: "After the resync" });
      const next = await syncTenant(harness.options());
      expect(next).toMatchObject({ outcome: "succeeded", mode: "incremental", updated: 1, deleted: 0 });
    },
  );

  it("the reconciliation of an expired token's full round is still subject to the deletion guard", async () => {
    const { directory } = harness.standIn;
    // 12 of 30 users gone (40 %) while the token was unusable: more than the guard lets through.
    for (let n = 1; n <= 12; n++) directory.hardDelete(userId(n));
    harness.standIn.faults.invalidateAllDeltaTokens("gone");

    let failure: unknown;
    try {
      await syncTenant(harness.options());
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SyncRunError);
    const blocked = failure as SyncRunError;
    expect(blocked.exitCode).toBe(ExitCode.DeletionGuard);
    expect(blocked.summary).toMatchObject({ outcome: "blocked-by-deletion-guard", mode: "full", deleted: 0 });
    expect(blocked.message).toContain("This run would delete 12 of 30 contacts (40%)");
    expect(await directoryOf(harness.storePath)).toHaveLength(30);
    // The expired token is gone for good: the next run is a full round again, not a retry of a dead token.
    expect(await storedDeltaLink(harness.storePath, TENANT_ID)).toBeNull();
    expect((await status({ storePath: harness.storePath, env: {} })).recentRuns[0]?.outcome).toBe(
      "blocked-by-deletion-guard",
    );

    const approved = await syncTenant(harness.options({ allowDeletes: true }));
    expect(approved).toMatchObject({ outcome: "succeeded", mode: "full", deleted: 12 });
    expect(await directoryOf(harness.storePath)).toEqual(await cleanSyncDirectory(harness));
  });
});
