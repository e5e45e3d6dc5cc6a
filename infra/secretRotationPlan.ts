/**
 * Which secret each slot holds after this run, decided from the schedule AND from what the slots held
 * after the previous run — so a schedule that stalled (a disabled cron, a broken pipeline) can never
 * delete the secret consumers still use.
 *
 * The clock alone (`computeSecretSchedule`) would, after a gap of more than one window, re-issue both
 * slots at once: the secret ROGER365 holds would be deleted with no overlap. Here a run replaces at most
 * one slot — always the one that is NOT current — and only once the current secret has been published
 * for `overlapDays`; when several windows are due, the newest secret that still exists is kept and the
 * newest due window is issued into the other slot. Resource inputs remain a pure function of the window
 * a slot holds, so re-running (or re-reading a stale state) never re-issues a secret twice.
 */
import {
  addDays,
  computeSecretSchedule,
  DAY_MS,
  SecretRotationPolicy,
  SlotName,
  slotWindow,
  toRfc3339,
  windowAt,
} from "./secretSchedule";

/** What one slot holds: the inputs of its ApplicationPassword plus when this run saw it published. */
export interface SlotSecret {
  slot: SlotName;
  /** Rotation window the secret was issued for. */
  window: number;
  /** Kept in the inputs (`rotateWhenChanged`) for compatibility with stacks made before plans existed. */
  generation: number;
  windowStart: string;
  endDate: string;
  /** When the run that issued it ran (its clock); for a stack without recorded state, its window start. */
  publishedAt: string;
}

/** Persisted as the `secretRotation` stack output and read back by the next run. */
export interface RotationState {
  current: SlotName;
  slots: Record<SlotName, SlotSecret>;
  /** The policy the windows were counted with; a change starts a new count without losing a secret. */
  policy: { anchor: string; rotationDays: number; validityDays: number };
}

export interface RotationPlan {
  state: RotationState;
  /** Slots whose secret this run issues (and whose previous secret it deletes). */
  issued: SlotName[];
  /** The earliest time the next run will issue a secret. */
  nextRotationAt: string;
  /** Why the promise (a current secret with ≥ overlap left, the previous one kept for the overlap) is not met. */
  warnings: string[];
  /** What the run did differently from the calendar to keep that promise (a deferred rotation). */
  notices: string[];
}

const OTHER: Record<SlotName, SlotName> = { a: "b", b: "a" };

function policyStamp(policy: SecretRotationPolicy): RotationState["policy"] {
  return {
    anchor: toRfc3339(policy.anchor),
    rotationDays: policy.rotationDays,
    validityDays: policy.validityDays,
  };
}

function issue(policy: SecretRotationPolicy, slot: SlotName, window: number, now: Date): SlotSecret {
  const { generation, windowStart, endDate } = slotWindow(policy, window);
  return { slot, window, generation, windowStart, endDate, publishedAt: toRfc3339(now) };
}

function daysLeft(secret: SlotSecret, now: Date): number {
  return (Date.parse(secret.endDate) - now.getTime()) / DAY_MS;
}

function samePolicy(a: RotationState["policy"], b: RotationState["policy"]): boolean {
  return a.anchor === b.anchor && a.rotationDays === b.rotationDays && a.validityDays === b.validityDays;
}

/**
 * The slots after a run at `now`. `previous` is what the last successful run published (undefined on the
 * first run, or for a stack deployed before plans existed: then the clock schedule is used, which is what
 * such a stack already holds).
 */
export function planSecretRotation(
  policy: SecretRotationPolicy,
  now: Date,
  previous: RotationState | undefined,
): RotationPlan {
  const due = windowAt(policy, now);
  const overlapMs = policy.overlapDays * DAY_MS;

  if (previous === undefined) {
    const schedule = computeSecretSchedule(policy, now);
    const state: RotationState = {
      current: schedule.current,
      // Nothing recorded: assume what the daily schedule did before this state existed, each secret
      // published at its window start. For a stack deployed before, that is (within hours) the truth, so its
      // next rotation stays on the calendar; for a new stack the other slot's secret was never handed out,
      // so replacing it at the next window start takes nothing away from anyone.
      slots: {
        a: { ...schedule.slots.a, publishedAt: schedule.slots.a.windowStart },
        b: { ...schedule.slots.b, publishedAt: schedule.slots.b.windowStart },
      },
      policy: policyStamp(policy),
    };
    return {
      state,
      issued: [],
      nextRotationAt: schedule.nextRotationAt,
      warnings: check(state, policy, now),
      notices: [],
    };
  }

  const current = previous.slots[previous.current];
  const policyChanged = !samePolicy(previous.policy, policyStamp(policy));
  const rotationDue = policyChanged || due > current.window;
  const earliest = new Date(Date.parse(current.publishedAt) + overlapMs);

  if (!rotationDue) {
    const state = { ...previous, policy: policyStamp(policy) };
    const next = new Date(
      Math.max(
        addDays(policy.anchor, (current.window + 1) * policy.rotationDays).getTime(),
        earliest.getTime(),
      ),
    );
    return {
      state,
      issued: [],
      nextRotationAt: toRfc3339(next),
      warnings: check(state, policy, now),
      notices: [],
    };
  }

  if (now.getTime() < earliest.getTime()) {
    // The previous secret must stay until consumers have had the overlap to switch to the current one.
    const state = { ...previous, policy: previous.policy };
    const notices = [
      `Rotation deferred until ${toRfc3339(earliest)}: the current secret (slot ${current.slot.toUpperCase()}) was published ${toRfc3339(new Date(Date.parse(current.publishedAt)))}, and the previous one is kept until consumers have had ${policy.overlapDays} days to switch to it.`,
    ];
    return {
      state,
      issued: [],
      nextRotationAt: toRfc3339(earliest),
      warnings: check(state, policy, now),
      notices,
    };
  }

  const target = OTHER[previous.current];
  const state: RotationState = {
    current: target,
    slots: { ...previous.slots, [target]: issue(policy, target, due, now) } as Record<SlotName, SlotSecret>,
    policy: policyStamp(policy),
  };
  const warnings = check(state, policy, now);
  const kept = state.slots[previous.current];
  if (daysLeft(kept, now) < policy.overlapDays) {
    warnings.push(
      `The secret consumers held until now (slot ${kept.slot.toUpperCase()}) ${daysLeft(kept, now) <= 0 ? "expired" : "expires"} ${kept.endDate}, less than the ${policy.overlapDays}-day overlap after its successor was published: the schedule did not run for ${Math.floor((now.getTime() - Date.parse(current.publishedAt)) / DAY_MS)} days. Give ROGER365 and every consumer the new secret now.`,
    );
  }
  const nextStart = addDays(policy.anchor, (due + 1) * policy.rotationDays);
  const next = new Date(Math.max(nextStart.getTime(), now.getTime() + overlapMs));
  return { state, issued: [target], nextRotationAt: toRfc3339(next), warnings, notices: [] };
}

function check(state: RotationState, policy: SecretRotationPolicy, now: Date): string[] {
  const current = state.slots[state.current];
  const left = daysLeft(current, now);
  return left < policy.overlapDays
    ? [
        `The current client secret (slot ${current.slot.toUpperCase()}) has ${Math.max(0, Math.floor(left))} days left, less than the ${policy.overlapDays}-day overlap consumers are promised. Run \`pulumi up\` for this stack now and check the schedule (docs/OPERATIONS.md).`,
      ]
    : [];
}
