import { status, syncTenant } from "../../../sync/index";
import type { StandIn } from "../../../standin";
import { type Harness, member, runCli, startHarness, TENANT_ID } from "../harness";
import { directoryOf, storedDeltaLink } from "./directorySnapshot";

/**
 * Issue 4, the deletion guard through the CLI: a full round that comes back empty or cut short would
 * read as "these users left". The guard applies nothing destructive, exits 6 naming the numbers and
 * records the run; --allow-deletes approves one run, not the ones after it.
 */

interface Scenario {
  arm(standIn: StandIn): void;
  disarm(standIn: StandIn): void;
  deletes: number;
  reason: string;
}

const SCENARIOS: [string, Scenario][] = [
  [
    "a full round of zero users",
    {
      arm: (standIn) => standIn.faults.setZeroUsers(true),
      disarm: (standIn) => standIn.faults.setZeroUsers(false),
      deletes: 30,
      reason: "This run would delete all 30 contacts and leave the directory empty.",
    },
  ],
  [
    "a full round cut short after two pages",
    {
      arm: (standIn) => standIn.faults.truncateNextFullRound(2),
      disarm: () => undefined,
      deletes: 24,
      reason:
        "This run would delete 24 of 30 contacts (80%), more than the 20% per run the guard allows (maxDeletePercent / --max-delete-percent).",
    },
  ],
];

describe("the deletion guard against an empty or truncated full round", () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness(
      Array.from({ length: 30 }, (_, index) => member(index + 1)),
      { pageSize: 3 },
    );
    await syncTenant(harness.options());
  });

  afterEach(async () => {
    await harness.close();
  });

  it.each(SCENARIOS)("%s is refused (exit 6); --allow-deletes approves once", async (_, scenario) => {
    const before = await directoryOf(harness.storePath);
    const deltaLinkBefore = await storedDeltaLink(harness.storePath, TENANT_ID);

    scenario.arm(harness.standIn);
    const blocked = await runCli(["sync", "--full"], harness.env());
    scenario.disarm(harness.standIn);
    expect(blocked.code).toBe(6);
    expect(blocked.stderr).toContain(
      `error [deletion-guard]: Blocked by the deletion guard: ${scenario.reason}`,
    );
    expect(blocked.stderr).toContain("run again with --allow-deletes");
    expect(await directoryOf(harness.storePath)).toEqual(before);
    expect(await storedDeltaLink(harness.storePath, TENANT_ID)).toBe(deltaLinkBefore);
    const [recorded] = (await status({ storePath: harness.storePath, env: {} })).recentRuns;
    expect(recorded).toMatchObject({ outcome: "blocked-by-deletion-guard", mode: "full", deleted: 0 });
    expect(recorded?.message).toContain(scenario.reason);

    scenario.arm(harness.standIn);
    const approved = await runCli(["sync", "--full", "--allow-deletes", "--json"], harness.env());
    scenario.disarm(harness.standIn);
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ outcome: "succeeded", deleted: scenario.deletes });
    expect(await directoryOf(harness.storePath)).toHaveLength(30 - scenario.deletes);

    // The users come back; the approval was for one run only.
    const restored = await syncTenant(harness.options({ full: true }));
    expect(restored).toMatchObject({ outcome: "succeeded", created: scenario.deletes, deleted: 0 });
    scenario.arm(harness.standIn);
    const guardedAgain = await runCli(["sync", "--full", "--json"], harness.env());
    scenario.disarm(harness.standIn);
    expect(guardedAgain.code).toBe(6);
    expect(JSON.parse(guardedAgain.stdout)).toMatchObject({
      error: { code: "deletion-guard", exitCode: 6 },
      summary: { outcome: "blocked-by-deletion-guard", deleted: 0 },
    });
    expect(await directoryOf(harness.storePath)).toEqual(before);
  });
});
