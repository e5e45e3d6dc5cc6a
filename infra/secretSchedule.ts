/**
 * The two-slot (blue/green) client-secret schedule, as pure date arithmetic.
 *
 * Time is cut into rotation windows of `rotationDays` starting at the anchor: window k starts at
 * anchor + k·P. Slot A holds the secret of every even window, slot B of every odd one, so each slot is
 * re-issued every 2·P days and the two are staggered by P. The newest started window is the "current"
 * secret; the other slot still holds the previous window's secret, which stays valid until its own slot
 * is re-issued P days after its successor became current.
 */

export type SlotName = "a" | "b";

export interface SecretRotationPolicy {
  /** First day of window 0, UTC midnight. */
  anchor: Date;
  /** P: days between two new secrets (and how long a new secret overlaps the one it supersedes). */
  rotationDays: number;
  /** Lifetime of each secret from the start of its window. */
  validityDays: number;
  /** The minimum time a consumer gets to switch to a new secret before the previous one is deleted. */
  overlapDays: number;
}

export interface SlotWindow {
  slot: SlotName;
  /** How many times this slot has been issued since window 0 (can be -1 for slot B before anchor + P). */
  generation: number;
  /** Index k of the rotation window this secret belongs to. */
  window: number;
  /** When the window starts, as RFC 3339 without fractional seconds (`2026-01-01T00:00:00Z`). */
  windowStart: string;
  /** Explicit end date passed to Entra ID, same format. */
  endDate: string;
}

export interface SecretSchedule {
  current: SlotName;
  slots: Record<SlotName, SlotWindow>;
  /** When the next window starts: the older slot is re-issued and becomes the current secret. */
  nextRotationAt: string;
}

export const DAY_MS = 86_400_000;

/** Graph reports credential dates without fractional seconds; matching that keeps inputs stable. */
export function toRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Index of the rotation window `now` falls in; `now` before the anchor is refused. */
export function windowAt(policy: SecretRotationPolicy, now: Date): number {
  const elapsedMs = now.getTime() - policy.anchor.getTime();
  if (elapsedMs < 0) {
    throw new RangeError(
      `The secret rotation anchor ${toRfc3339(policy.anchor)} is after now (${toRfc3339(now)}).`,
    );
  }
  return Math.floor(elapsedMs / (policy.rotationDays * DAY_MS));
}

function slotOfWindow(window: number): SlotName {
  return ((window % 2) + 2) % 2 === 0 ? "a" : "b";
}

export function slotWindow(policy: SecretRotationPolicy, window: number): SlotWindow {
  const start = addDays(policy.anchor, window * policy.rotationDays);
  return {
    slot: slotOfWindow(window),
    generation: Math.floor(window / 2),
    window,
    windowStart: toRfc3339(start),
    endDate: toRfc3339(addDays(start, policy.validityDays)),
  };
}

/**
 * Which secret each slot must hold at `now`. Depends on nothing else, so two runs inside the same window
 * produce identical resource inputs and only the slot whose window just started changes at a boundary.
 * Callers validate the policy first (see `validateReplicatorConfig`); `now` before the anchor is refused
 * because the anchor is the earliest date the schedule is defined from.
 */
export function computeSecretSchedule(policy: SecretRotationPolicy, now: Date): SecretSchedule {
  const currentWindow = windowAt(policy, now);
  // Window -1 (before anchor + P) gives slot B a valid predecessor from the very first `pulumi up`.
  const current = slotWindow(policy, currentWindow);
  const previous = slotWindow(policy, currentWindow - 1);
  const slots = current.slot === "a" ? { a: current, b: previous } : { a: previous, b: current };
  return {
    current: current.slot,
    slots,
    nextRotationAt: toRfc3339(addDays(policy.anchor, (currentWindow + 1) * policy.rotationDays)),
  };
}
