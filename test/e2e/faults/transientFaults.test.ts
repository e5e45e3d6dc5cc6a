import { ExitCode, status, syncTenant, SyncRunError } from "../../../sync/index";
import type { FaultRule, StandIn } from "../../../standin";
import { type Harness, member, startHarness, TENANT_ID, userId } from "../harness";
import { cleanSyncDirectory, directoryOf, storedDeltaLink } from "./directorySnapshot";

/**
 * Issue 4, transient faults through the real credential and Graph client: a round that meets 429s, 5xx
 * or dropped connections still ends with exactly the directory a clean sync produces; when the retries
 * run out mid-round the run fails cleanly, keeps what it applied and does not advance the deltaLink.
 */

const USERS = Array.from({ length: 20 }, (_, index) => member(index + 1));
/** Retry-After values are capped at 50 ms and backoff starts at 10 ms: the suite stays quick. */
const QUICK_RETRIES = { maxRetries: 4, delaySeconds: 0.01, maxDelaySeconds: 0.05 };

type ArmFaults = (standIn: StandIn) => void;

const deltaFault = (rule: Omit<FaultRule, "endpoint">): ArmFaults => {
  return (standIn) => standIn.faults.add({ endpoint: "delta", ...rule });
};

/** Each case: how to arm it, and the faults the stand-in's request log must show afterwards. */
const FAULTS: [string, ArmFaults, string[]][] = [
  [
    "a burst of 429s with Retry-After in seconds",
    (standIn) => standIn.faults.throttle("delta", { retryAfterSeconds: 2, times: 3, skipFirst: 1 }),
    ["status:429", "status:429", "status:429"],
  ],
  [
    "a burst of 429s with Retry-After as an HTTP-date",
    (standIn) =>
      standIn.faults.throttle("delta", { retryAfterSeconds: 2, form: "http-date", times: 3, skipFirst: 2 }),
    ["status:429", "status:429", "status:429"],
  ],
  [
    "503 then 504",
    (standIn) => {
      deltaFault({ action: { kind: "status", status: 503 }, skipFirst: 1 })(standIn);
      deltaFault({ action: { kind: "status", status: 504 }, skipFirst: 1 })(standIn);
    },
    ["status:503", "status:504"],
  ],
  [
    "a connection dropped mid-page and one reset before any answer",
    (standIn) => {
      deltaFault({ action: { kind: "dropMidBody" }, skipFirst: 1 })(standIn);
      // The reset rule does not see the request the first rule answers: it hits the round's fourth request.
      deltaFault({ action: { kind: "drop" }, skipFirst: 2 })(standIn);
    },
    ["dropMidBody", "drop"],
  ],
];

function firedFaults(standIn: StandIn): string[] {
  return standIn.requests
    .list("delta")
    .map((request) => request.fault)
    .filter((fault): fault is string => fault !== null);
}

describe("transient Graph faults end to end", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness(USERS, { pageSize: 3 });
  });

  afterEach(async () => {
    await harness.close();
  });

  it.each(FAULTS)("%s: full and incremental rounds end with the exact directory", async (_, arm, fired) => {
    arm(harness.standIn);
    const full = await syncTenant(harness.options({ retry: QUICK_RETRIES }));
    expect(full).toMatchObject({ outcome: "succeeded", mode: "full", created: 20, pages: 7 });
    expect(firedFaults(harness.standIn)).toEqual(fired);

    const { directory } = harness.standIn;
    for (const n of [2, 5, 8, 11, 14]) directory.update(userId(n), { mobilePhone: `+31 6 9999 ${1000 + n}` });
    directory.hardDelete(userId(17));
    directory.add(member(21));
    harness.standIn.requests.clear();
    arm(harness.standIn);
    const incremental = await syncTenant(harness.options({ retry: QUICK_RETRIES }));
    expect(incremental).toMatchObject({ outcome: "succeeded", mode: "incremental", updated: 5, created: 1 });
    expect(incremental.deleted).toBe(1);
    expect(firedFaults(harness.standIn)).toEqual(fired);

    expect(await directoryOf(harness.storePath)).toEqual(await cleanSyncDirectory(harness));
  });

  it("retries exhausted mid-round: exit code 5, applied pages kept, nothing deleted, deltaLink not advanced; the next run converges", async () => {
    await syncTenant(harness.options());
    const deltaLinkBefore = await storedDeltaLink(harness.storePath, TENANT_ID);
    const { directory } = harness.standIn;
    // Twelve changed users: four pages of three in the incremental round; the third page never comes.
    for (let n = 1; n <= 11; n++) directory.update(userId(n), { jobTitle: `Changed ${n}` });
    directory.hardDelete(userId(12));
    harness.standIn.faults.add({
      endpoint: "delta",
      action: { kind: "status", status: 503 },
      skipFirst: 2,
      times: QUICK_RETRIES.maxRetries + 1,
    });

    let failure: unknown;
    try {
      await syncTenant(harness.options({ retry: QUICK_RETRIES }));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SyncRunError);
    const error = failure as SyncRunError;
    expect(error.exitCode).toBe(ExitCode.Unavailable);
    expect(error.code).toBe("graph-unavailable");
    expect(error.message).toMatch(/^Microsoft Graph kept failing \(.*503.*\) after the retries ran out\./);
    expect(error.message).toContain("pages applied so far are kept and the delta link was not advanced");
    expect(error.fix).toContain("Run the sync again later");
    expect(error.summary).toMatchObject({ outcome: "failed", mode: "incremental", pages: 2, updated: 6 });

    // The first two pages' changes are in the store; the rest, and the delete, are not.
    const afterFailure = new Map(
      (await directoryOf(harness.storePath)).map((contact) => [contact.id, contact]),
    );
    const titles = Array.from({ length: 12 }, (_, i) => afterFailure.get(userId(i + 1))?.user.jobTitle);
    expect(titles.filter((title) => title?.startsWith("Changed"))).toHaveLength(6);
    expect(afterFailure.size).toBe(20);
    expect(await storedDeltaLink(harness.storePath, TENANT_ID)).toBe(deltaLinkBefore);
    expect((await status({ storePath: harness.storePath, env: {} })).recentRuns[0]).toMatchObject({
      outcome: "failed",
      pages: 2,
    });

    const rerun = await syncTenant(harness.options({ retry: QUICK_RETRIES }));
    expect(rerun).toMatchObject({ outcome: "succeeded", mode: "incremental", deleted: 1 });
    expect(await directoryOf(harness.storePath)).toEqual(await cleanSyncDirectory(harness));
  });
});
