import {
  DEFAULT_DELETION_GUARD,
  evaluateDeletions,
  PERCENT_GUARD_MIN_DELETES,
  type DeletionGuardPolicy,
} from "./deletionGuard";

const APPROVE =
  "Nothing was deleted. If these deletions are expected, run again with --allow-deletes (or set allowDeletes: true in the config file) to approve them once.";

describe("DEFAULT_DELETION_GUARD", () => {
  it("uses Entra provisioning's threshold of 500, 20% and no standing approval", () => {
    expect(DEFAULT_DELETION_GUARD).toEqual({ maxDeletes: 500, maxDeletePercent: 20, allowDeletes: false });
    expect(PERCENT_GUARD_MIN_DELETES).toBe(10);
  });
});

describe("evaluateDeletions", () => {
  const guard = DEFAULT_DELETION_GUARD;
  const approved: DeletionGuardPolicy = { ...guard, allowDeletes: true };

  it.each([
    // [deletes, directorySize, remainingAfter, policy, allowed]
    ["nothing to delete", 0, 1000, 1000, guard, true],
    ["nothing to delete in an empty directory", 0, 0, 5, guard, true],
    ["a few leavers", 3, 1000, 1002, guard, true],
    ["exactly the count threshold (500 of 10,000 = 5%)", 500, 10000, 9500, guard, true],
    ["one over the count threshold", 501, 10000, 9499, guard, false],
    ["exactly 20%", 200, 1000, 800, guard, true],
    ["just over 20%", 201, 1000, 799, guard, false],
    ["small directory: 9 of 30 (30%) is under the percentage floor", 9, 30, 21, guard, true],
    ["small directory: 10 of 30 (33%) reaches the floor", 10, 30, 20, guard, false],
    ["emptying a one-person directory", 1, 1, 0, guard, false],
    ["emptying a directory even when new users arrive later in the round", 40, 40, 0, guard, false],
    [
      "emptying with thresholds set wide open",
      40,
      40,
      0,
      { maxDeletes: 100000, maxDeletePercent: 100, allowDeletes: false },
      false,
    ],
    ["deletions offset by creations still count", 300, 1000, 1000, guard, false],
    ["approved: far over the thresholds", 5000, 6000, 1000, approved, true],
    ["approved: emptying the directory", 6000, 6000, 0, approved, true],
    ["count threshold 0 blocks any deletion", 1, 1000, 999, { ...guard, maxDeletes: 0 }, false],
    [
      "percentage 100 never bites",
      900,
      1000,
      100,
      { ...guard, maxDeletes: 1000, maxDeletePercent: 100 },
      true,
    ],
  ])("%s", (_case, deletes, directorySize, remainingAfter, policy, allowed) => {
    expect(evaluateDeletions({ deletes, directorySize, remainingAfter }, policy).allowed).toBe(allowed);
  });

  it("names the numbers, the count limit and the fix", () => {
    expect(evaluateDeletions({ deletes: 1234, directorySize: 10000, remainingAfter: 8766 }, guard)).toEqual({
      allowed: false,
      reason: `This run would delete 1,234 of 10,000 contacts (12.3%), more than the 500 deletions per run the guard allows (maxDeletes / --max-deletes). ${APPROVE}`,
    });
  });

  it("names the numbers, the percentage limit and the fix", () => {
    expect(evaluateDeletions({ deletes: 250, directorySize: 1000, remainingAfter: 750 }, guard)).toEqual({
      allowed: false,
      reason: `This run would delete 250 of 1,000 contacts (25%), more than the 20% per run the guard allows (maxDeletePercent / --max-delete-percent). ${APPROVE}`,
    });
  });

  it("explains why an emptied directory is refused", () => {
    expect(evaluateDeletions({ deletes: 812, directorySize: 812, remainingAfter: 0 }, guard)).toEqual({
      allowed: false,
      reason: `This run would delete all 812 contacts and leave the directory empty. A source that suddenly returns no users is almost always a fault (an empty or failed read, a scope or permission change), so the guard never lets it empty the directory. ${APPROVE}`,
    });
  });
});
