/**
 * The accidental-deletion guard: a run that would remove too much of the directory applies nothing
 * destructive until an admin approves it. The classic failure of directory sync is not a crash but a
 * failed or empty read taken as "everyone left" (ssosync #194, #234, #278); Entra's own provisioning
 * service guards the same way with its accidental-deletions threshold.
 */
import { DELETION_GUARD_DEFAULTS } from "../config/settingsTable";

export interface DeletionGuardPolicy {
  /** Most contacts one run may delete without approval. @default 500 (Entra provisioning's threshold) */
  maxDeletes: number;
  /** Most percent of the directory one run may delete without approval. @default 20 */
  maxDeletePercent: number;
  /** Approve this run's deletions whatever their number (`--allow-deletes`). @default false */
  allowDeletes: boolean;
}

/** The defaults live with the other settings (config/settingsTable.ts), which derive flags and docs from them. */
export const DEFAULT_DELETION_GUARD: DeletionGuardPolicy = { ...DELETION_GUARD_DEFAULTS };

/**
 * The percentage only bites from this many deletions on: in a directory of 30 people, 7 leaving in a
 * week is 23% and perfectly ordinary; a count this small is reviewed at a glance, not by a guard.
 */
export const PERCENT_GUARD_MIN_DELETES = 10;

export type DeletionVerdict = { allowed: true } | { allowed: false; reason: string };

const APPROVE =
  "Nothing was deleted. If these deletions are expected, run again with --allow-deletes " +
  "(or set allowDeletes: true in the config file) to approve them once.";

/** directorySize = contacts in the store before the run; remainingAfter = contacts left if applied. */
export function evaluateDeletions(
  input: { deletes: number; directorySize: number; remainingAfter: number },
  policy: DeletionGuardPolicy,
): DeletionVerdict {
  const { deletes, directorySize, remainingAfter } = input;
  if (deletes <= 0 || policy.allowDeletes) return { allowed: true };

  if (directorySize > 0 && remainingAfter <= 0) {
    return {
      allowed: false,
      reason:
        `This run would delete all ${count(directorySize)} contacts and leave the directory empty. ` +
        "A source that suddenly returns no users is almost always a fault (an empty or failed read, a " +
        `scope or permission change), so the guard never lets it empty the directory. ${APPROVE}`,
    };
  }

  const percent = directorySize > 0 ? (deletes / directorySize) * 100 : 100;
  const overCount = deletes > policy.maxDeletes;
  const overPercent = deletes >= PERCENT_GUARD_MIN_DELETES && percent > policy.maxDeletePercent;
  if (!overCount && !overPercent) return { allowed: true };

  const limit = overCount
    ? `more than the ${count(policy.maxDeletes)} deletions per run the guard allows (maxDeletes / --max-deletes)`
    : `more than the ${formatPercent(policy.maxDeletePercent)} per run the guard allows (maxDeletePercent / --max-delete-percent)`;
  return {
    allowed: false,
    reason:
      `This run would delete ${count(deletes)} of ${count(directorySize)} contacts ` +
      `(${formatPercent(percent)}), ${limit}. ${APPROVE}`,
  };
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function formatPercent(value: number): string {
  return `${Number(value.toFixed(1))}%`;
}
