import { computeSecretSchedule, SecretRotationPolicy, SecretSchedule } from "./secretSchedule";

const DAY_MS = 86_400_000;

const defaults: SecretRotationPolicy = {
  anchor: new Date("2026-01-01T00:00:00Z"),
  rotationDays: 60,
  validityDays: 180,
  overlapDays: 30,
};

function at(iso: string): Date {
  return new Date(iso);
}

describe("computeSecretSchedule", () => {
  it.each<[string, SecretSchedule]>([
    [
      "2026-01-01T00:00:00Z",
      {
        current: "a",
        slots: {
          a: {
            slot: "a",
            generation: 0,
            window: 0,
            windowStart: "2026-01-01T00:00:00Z",
            endDate: "2026-06-30T00:00:00Z",
          },
          b: {
            slot: "b",
            generation: -1,
            window: -1,
            windowStart: "2025-11-02T00:00:00Z",
            endDate: "2026-05-01T00:00:00Z",
          },
        },
        nextRotationAt: "2026-03-02T00:00:00Z",
      },
    ],
    [
      "2026-03-01T23:59:59Z",
      {
        current: "a",
        slots: {
          a: {
            slot: "a",
            generation: 0,
            window: 0,
            windowStart: "2026-01-01T00:00:00Z",
            endDate: "2026-06-30T00:00:00Z",
          },
          b: {
            slot: "b",
            generation: -1,
            window: -1,
            windowStart: "2025-11-02T00:00:00Z",
            endDate: "2026-05-01T00:00:00Z",
          },
        },
        nextRotationAt: "2026-03-02T00:00:00Z",
      },
    ],
    [
      "2026-03-02T00:00:00Z",
      {
        current: "b",
        slots: {
          a: {
            slot: "a",
            generation: 0,
            window: 0,
            windowStart: "2026-01-01T00:00:00Z",
            endDate: "2026-06-30T00:00:00Z",
          },
          b: {
            slot: "b",
            generation: 0,
            window: 1,
            windowStart: "2026-03-02T00:00:00Z",
            endDate: "2026-08-29T00:00:00Z",
          },
        },
        nextRotationAt: "2026-05-01T00:00:00Z",
      },
    ],
    [
      "2026-05-01T00:00:00Z",
      {
        current: "a",
        slots: {
          a: {
            slot: "a",
            generation: 1,
            window: 2,
            windowStart: "2026-05-01T00:00:00Z",
            endDate: "2026-10-28T00:00:00Z",
          },
          b: {
            slot: "b",
            generation: 0,
            window: 1,
            windowStart: "2026-03-02T00:00:00Z",
            endDate: "2026-08-29T00:00:00Z",
          },
        },
        nextRotationAt: "2026-06-30T00:00:00Z",
      },
    ],
  ])("at %s", (now, expected) => {
    expect(computeSecretSchedule(defaults, at(now))).toEqual(expected);
  });

  it("gives identical slots for every instant inside one window", () => {
    const first = computeSecretSchedule(defaults, at("2026-05-01T00:00:00Z"));
    for (const now of ["2026-05-01T00:00:01Z", "2026-05-20T12:00:00Z", "2026-06-29T23:59:59Z"]) {
      expect(computeSecretSchedule(defaults, at(now))).toEqual(first);
    }
  });

  it("at a window boundary changes only the slot that is due", () => {
    const before = computeSecretSchedule(defaults, at("2026-06-29T23:59:59Z"));
    const after = computeSecretSchedule(defaults, at("2026-06-30T00:00:00Z"));
    expect(before.current).toBe("a");
    expect(after.current).toBe("b");
    expect(after.slots.a).toEqual(before.slots.a);
    expect(after.slots.b).not.toEqual(before.slots.b);
    expect(after.slots.b).toEqual({
      slot: "b",
      generation: 1,
      window: 3,
      windowStart: "2026-06-30T00:00:00Z",
      endDate: "2026-12-27T00:00:00Z",
    });
  });

  it("refuses a clock before the anchor", () => {
    expect(() => computeSecretSchedule(defaults, at("2025-12-31T23:59:59Z"))).toThrow(
      "The secret rotation anchor 2026-01-01T00:00:00Z is after now (2025-12-31T23:59:59Z).",
    );
  });

  describe.each<[string, SecretRotationPolicy]>([
    ["defaults (P=60, V=180, O=30)", defaults],
    ["tightest allowed (P=O=30, V=61)", { ...defaults, rotationDays: 30, validityDays: 61, overlapDays: 30 }],
    ["V = 2P + 1 exactly (P=90, V=181)", { ...defaults, rotationDays: 90, validityDays: 181 }],
    ["long-lived (P=364, V=729, O=30)", { ...defaults, rotationDays: 364, validityDays: 729 }],
  ])("simulated daily `pulumi up` over two years with %s", (_label, policy) => {
    // Every day at 03:17 UTC, like a scheduled pipeline, plus the exact window boundaries.
    const days = Array.from({ length: 2 * 366 }, (_, day) => policy.anchor.getTime() + day * DAY_MS);
    const instants = [...days.map((t) => t + (3 * 60 + 17) * 60_000), ...days];
    const schedules = instants.map((t) => ({ now: t, schedule: computeSecretSchedule(policy, new Date(t)) }));

    it("always has a valid current secret with at least the overlap left", () => {
      for (const { now, schedule } of schedules) {
        const current = schedule.slots[schedule.current];
        const daysLeft = (Date.parse(current.endDate) - now) / DAY_MS;
        expect(daysLeft).toBeGreaterThanOrEqual(policy.overlapDays);
        expect(Date.parse(current.windowStart)).toBeLessThanOrEqual(now);
      }
    });

    it("keeps both slots valid, so the previous secret still works while consumers switch", () => {
      for (const { now, schedule } of schedules) {
        expect(Date.parse(schedule.slots.a.endDate)).toBeGreaterThan(now);
        expect(Date.parse(schedule.slots.b.endDate)).toBeGreaterThan(now);
      }
    });

    it("keeps the secret a window start replaces valid for a day after that start, when the daily run replaces it", () => {
      // Windows start at 00:00 UTC; the scheduled run (05:17 UTC) replaces the slot hours later. With
      // V = 2P the replaced secret expired at the window start itself (issue 9, finding 8).
      for (let window = 1; window < 8; window += 1) {
        const start = policy.anchor.getTime() + window * policy.rotationDays * DAY_MS;
        const before = computeSecretSchedule(policy, new Date(start - 1));
        const replaced = before.slots[before.current === "a" ? "b" : "a"];
        expect(Date.parse(replaced.endDate)).toBeGreaterThanOrEqual(start + DAY_MS);
      }
    });

    it("replaces a slot only after its successor has been current for at least the overlap", () => {
      for (let i = 1; i < days.length; i += 1) {
        const before = computeSecretSchedule(policy, new Date(days[i - 1]!));
        const after = computeSecretSchedule(policy, new Date(days[i]!));
        for (const slot of ["a", "b"] as const) {
          if (after.slots[slot].window === before.slots[slot].window) continue;
          // The slot re-issued now held the secret that was superseded when the other slot became current.
          const other = slot === "a" ? "b" : "a";
          const successorCurrentSince = Date.parse(before.slots[other].windowStart);
          expect((days[i]! - successorCurrentSince) / DAY_MS).toBeGreaterThanOrEqual(policy.overlapDays);
          expect(after.slots[slot].window).toBe(before.slots[slot].window + 2);
          expect(after.current).toBe(slot);
        }
      }
    });

    it("publishes the newest started slot and the next boundary", () => {
      for (const { now, schedule } of schedules) {
        const other = schedule.current === "a" ? "b" : "a";
        expect(schedule.slots[schedule.current].window).toBe(schedule.slots[other].window + 1);
        expect(
          Date.parse(schedule.nextRotationAt) - Date.parse(schedule.slots[schedule.current].windowStart),
        ).toBe(policy.rotationDays * DAY_MS);
        expect(Date.parse(schedule.nextRotationAt)).toBeGreaterThan(now);
      }
    });
  });
});
