import { parseRotationState } from "./rotationState";
import { planSecretRotation, RotationState } from "./secretRotationPlan";
import { computeSecretSchedule, DAY_MS, SecretRotationPolicy, SlotName } from "./secretSchedule";

/** The scheduled workflow's cron ("17 5 * * *"): one run a day at 05:17 UTC. */
const RUN_OFFSET_MS = (5 * 60 + 17) * 60_000;

interface IssuedSecret {
  slot: SlotName;
  window: number;
  publishedAt: number;
  endDate: number;
  deletedAt?: number;
  /** Was the current secret after some run (the initial "previous" slot never is). */
  wasCurrent?: boolean;
}

interface Run {
  at: number;
  warnings: string[];
  currentDaysLeft: number;
}

/** Runs the plan at each of `runTimes` the way `pulumi up` would, recording every secret Entra holds. */
function simulate(policy: SecretRotationPolicy, runTimes: number[]) {
  const secrets: IssuedSecret[] = [];
  const inSlot: Partial<Record<SlotName, IssuedSecret>> = {};
  const runs: Run[] = [];
  let state: RotationState | undefined;
  for (const at of runTimes) {
    const plan = planSecretRotation(policy, new Date(at), state);
    // A plain check: expect() per run would make the gap table slow.
    if (plan.issued.length > 1)
      throw new Error(`run at ${new Date(at).toISOString()} issued ${plan.issued.length} slots`);
    for (const slot of ["a", "b"] as const) {
      const wanted = plan.state.slots[slot];
      const held = inSlot[slot];
      if (
        held === undefined ||
        held.window !== wanted.window ||
        held.endDate !== Date.parse(wanted.endDate)
      ) {
        if (held !== undefined) held.deletedAt = at;
        const created: IssuedSecret = {
          slot,
          window: wanted.window,
          publishedAt: at,
          endDate: Date.parse(wanted.endDate),
        };
        secrets.push(created);
        inSlot[slot] = created;
      }
    }
    const current = plan.state.slots[plan.state.current];
    (inSlot[plan.state.current] as IssuedSecret).wasCurrent = true;
    runs.push({ at, warnings: plan.warnings, currentDaysLeft: (Date.parse(current.endDate) - at) / DAY_MS });
    state = plan.state;
  }
  const currentAt = (at: number): IssuedSecret | undefined => {
    // The current secret after the last run at or before `at`: the newest published one still in a slot.
    const alive = secrets.filter(
      (s) => s.publishedAt <= at && (s.deletedAt === undefined || s.deletedAt > at),
    );
    return alive.sort((x, y) => y.publishedAt - x.publishedAt)[0];
  };
  return { secrets, runs, currentAt };
}

function dailyRuns(from: number, days: number): number[] {
  return Array.from({ length: days }, (_, day) => from + day * DAY_MS + RUN_OFFSET_MS);
}

const POLICIES: [string, SecretRotationPolicy][] = [
  [
    "the defaults (180/60/30)",
    { anchor: new Date("2026-01-01T00:00:00Z"), rotationDays: 60, validityDays: 180, overlapDays: 30 },
  ],
  [
    "the tightest allowed (121/60/60)",
    { anchor: new Date("2026-01-01T00:00:00Z"), rotationDays: 60, validityDays: 121, overlapDays: 60 },
  ],
  [
    "a short cycle (31/15/7)",
    { anchor: new Date("2026-01-01T00:00:00Z"), rotationDays: 15, validityDays: 31, overlapDays: 7 },
  ],
];

describe.each(POLICIES)("planSecretRotation with %s", (_name, policy) => {
  const anchor = policy.anchor.getTime();
  const { rotationDays: P, validityDays: V, overlapDays: O } = policy;

  it("on a daily schedule never warns, and every secret outlives its successor's publication by the overlap", () => {
    const { secrets, runs } = simulate(policy, dailyRuns(anchor, 6 * P));
    expect(runs.flatMap((run) => run.warnings)).toEqual([]);
    for (const [index, secret] of secrets.entries()) {
      const successor = secrets.slice(index + 1).find((s) => s.publishedAt > secret.publishedAt);
      if (successor === undefined || !secret.wasCurrent) continue;
      expect(secret.deletedAt ?? Infinity).toBeGreaterThanOrEqual(successor.publishedAt + O * DAY_MS);
      expect(secret.endDate).toBeGreaterThanOrEqual(successor.publishedAt + O * DAY_MS);
    }
    for (const run of runs) expect(run.currentDaysLeft).toBeGreaterThanOrEqual(O);
  });

  // Every gap length from 1 day to the validity, starting at the first, a middle and the last day of a
  // window: the secret that was current before the gap stays (not deleted, not expired) until its
  // successor has been published for the overlap — or the run that publishes the successor says why not.
  const gaps = Array.from({ length: V }, (_, i) => i + 1);
  const startOffsets = [0, Math.floor(P / 2), P - 1];
  const alwaysSafeUpTo = V - P - O - 1;

  it.each(startOffsets)(
    "keeps the pre-gap secret through every gap of 1..validity days starting on day %i of a window",
    (offset) => {
      for (const gap of gaps) {
        const beforeGap = dailyRuns(anchor, 2 * P + offset + 1);
        const lastBefore = beforeGap[beforeGap.length - 1] as number;
        const afterGap = dailyRuns(lastBefore - RUN_OFFSET_MS + gap * DAY_MS, P + O + 2);
        const { secrets, runs, currentAt } = simulate(policy, [...beforeGap, ...afterGap]);
        const held = currentAt(lastBefore) as IssuedSecret;
        const successor = secrets.find((s) => s.publishedAt > lastBefore) as IssuedSecret;
        const context = `gap ${gap} days from day ${offset}`;
        expect({ context, successor: successor !== undefined }).toEqual({ context, successor: true });
        const switchedBy = successor.publishedAt + O * DAY_MS;
        // Never deleted by the program before consumers had the overlap.
        expect({ context, deletedEarly: (held.deletedAt ?? Infinity) < switchedBy }).toEqual({
          context,
          deletedEarly: false,
        });
        const successorRun = runs.find((run) => run.at === successor.publishedAt) as Run;
        if (held.endDate >= switchedBy) {
          if (gap <= alwaysSafeUpTo) {
            expect({ context, warnings: runs.flatMap((run) => run.warnings) }).toEqual({
              context,
              warnings: [],
            });
          }
        } else {
          // Physically impossible to keep (a secret cannot be extended): the run must say so.
          expect(gap).toBeGreaterThan(alwaysSafeUpTo);
          expect({ context, loud: successorRun.warnings.some((w) => w.includes("Give ROGER365")) }).toEqual({
            context,
            loud: true,
          });
        }
        // After the gap the published secret has the overlap left, or the run says so.
        for (const run of runs) {
          if (run.currentDaysLeft < O) expect(run.warnings.length).toBeGreaterThan(0);
        }
      }
    },
  );
});

describe("planSecretRotation", () => {
  const policy: SecretRotationPolicy = {
    anchor: new Date("2026-01-01T00:00:00Z"),
    rotationDays: 60,
    validityDays: 180,
    overlapDays: 30,
  };

  it("without a previous state holds what the clock schedule holds, so existing stacks see no change", () => {
    const now = new Date("2026-05-10T05:17:00Z");
    const plan = planSecretRotation(policy, now, undefined);
    const schedule = computeSecretSchedule(policy, now);
    expect(plan.state.current).toBe(schedule.current);
    for (const slot of ["a", "b"] as const) {
      const { publishedAt, ...inputs } = plan.state.slots[slot];
      expect(inputs).toEqual(schedule.slots[slot]);
      // As a daily schedule published them: a migrating stack's next rotation stays on the calendar.
      expect(publishedAt).toBe(schedule.slots[slot].windowStart);
    }
    expect(plan.nextRotationAt).toBe(schedule.nextRotationAt);
  });

  it("after a stall of three windows issues only the non-current slot, with the newest due window", () => {
    const before = planSecretRotation(policy, new Date("2026-01-01T05:17:00Z"), undefined).state;
    expect(before.current).toBe("a");
    const after = planSecretRotation(policy, new Date("2026-07-05T05:17:00Z"), before);
    expect(after.issued).toEqual(["b"]);
    expect(after.state.current).toBe("b");
    expect(after.state.slots.a).toEqual(before.slots.a);
    expect(after.state.slots.b).toMatchObject({
      window: 3,
      windowStart: "2026-06-30T00:00:00Z",
      endDate: "2026-12-27T00:00:00Z",
    });
    expect(after.nextRotationAt).toBe("2026-08-29T00:00:00Z");
  });

  it("defers the next rotation until the secret published late has been current for the overlap", () => {
    const before = planSecretRotation(policy, new Date("2026-01-01T05:17:00Z"), undefined).state;
    // The catch-up run publishes window 0's successor on the last day of window 1 (Mar 2 – Apr 30) ...
    const late = planSecretRotation(policy, new Date("2026-04-30T05:17:00Z"), before).state;
    expect(late.current).toBe("b");
    // ... so the boundary a day later must not delete slot A, which consumers may still use.
    const boundary = planSecretRotation(policy, new Date("2026-05-01T05:17:00Z"), late);
    expect(boundary.issued).toEqual([]);
    expect(boundary.state).toEqual(late);
    expect(boundary.nextRotationAt).toBe("2026-05-30T05:17:00Z");
    expect(boundary.warnings).toEqual([]);
    expect(boundary.notices).toEqual([
      "Rotation deferred until 2026-05-30T05:17:00Z: the current secret (slot B) was published 2026-04-30T05:17:00Z, and the previous one is kept until consumers have had 30 days to switch to it.",
    ]);
    expect(planSecretRotation(policy, new Date("2026-05-29T05:17:00Z"), late).issued).toEqual([]);
    expect(planSecretRotation(policy, new Date("2026-05-30T05:17:00Z"), late).issued).toEqual(["a"]);
  });

  it("on a policy change issues one slot under the new policy and keeps the one consumers hold", () => {
    const before = planSecretRotation(policy, new Date("2026-03-05T05:17:00Z"), undefined).state;
    const changed = { ...policy, rotationDays: 30, validityDays: 90, overlapDays: 15 };
    const plan = planSecretRotation(changed, new Date("2026-03-20T05:17:00Z"), before);
    expect(plan.issued).toEqual([before.current === "a" ? "b" : "a"]);
    expect(plan.state.slots[before.current]).toEqual(before.slots[before.current]);
    expect(plan.state.policy).toEqual({ anchor: "2026-01-01T00:00:00Z", rotationDays: 30, validityDays: 90 });
  });

  it("re-running inside a window changes nothing", () => {
    const first = planSecretRotation(policy, new Date("2026-03-05T05:17:00Z"), undefined).state;
    const again = planSecretRotation(policy, new Date("2026-03-06T05:17:00Z"), first);
    expect(again.issued).toEqual([]);
    expect(again.state).toEqual(first);
  });
});

describe("parseRotationState", () => {
  const policy: SecretRotationPolicy = {
    anchor: new Date("2026-01-01T00:00:00Z"),
    rotationDays: 60,
    validityDays: 180,
    overlapDays: 30,
  };

  it("reads back what a plan wrote, through JSON like a stack output", () => {
    const state = planSecretRotation(policy, new Date("2026-03-05T05:17:00Z"), undefined).state;
    expect(parseRotationState(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it("treats a stack without the output as new", () => {
    expect(parseRotationState(undefined)).toBeUndefined();
  });

  it("refuses a malformed state instead of guessing (a guess could delete the secret in use)", () => {
    expect(() => parseRotationState({ current: "c" })).toThrow(
      /^The stack output secretRotation of the previous update is not a rotation state \(current: /,
    );
  });
});
