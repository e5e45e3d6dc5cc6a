import type { Contact, EntraUser, EscrowedRecord, Plan } from "../model";
import { isInScope, type SyncScope } from "./scope";
import { contactsEqual, toContact } from "./toContact";
import { userFromRecord } from "./userFromRecord";
import { validateDeltaRecord } from "./validateDeltaRecord";

export interface PlanOptions {
  scope: SyncScope;
  /** ISO alpha-2 region for numbers of users with neither usageLocation nor a recognisable country. */
  defaultCountry: string | null;
}

type Outcome =
  { kind: "user"; user: EntraUser } | { kind: "removed" } | { kind: "escrowed"; entry: EscrowedRecord };

/**
 * Decides what one delta page does to the directory. Pure: `existing` holds the stored contacts for
 * this page's ids (see `pageIds`); it decides create, update or unchanged, never what a user is — each
 * record is the whole user (see `userFromRecord`). A user that appears more than once: the last record
 * wins. An escrowed user's existing contact is left as it is, since nothing trustworthy is known about
 * the change.
 */
export function planPage(
  records: readonly unknown[],
  existing: ReadonlyMap<string, Contact>,
  options: PlanOptions,
): Plan {
  const outcomes = new Map<string, Outcome>();
  const escrowWithoutId: EscrowedRecord[] = [];

  for (const record of records) {
    const validation = validateDeltaRecord(record);
    if ("escrow" in validation) {
      const entry = validation.escrow;
      if (entry.id.startsWith("(")) escrowWithoutId.push(entry);
      else outcomes.set(entry.id, { kind: "escrowed", entry });
      continue;
    }
    const delta = validation.ok;
    if (delta["@removed"] !== undefined) {
      outcomes.set(delta.id, { kind: "removed" });
      continue;
    }
    outcomes.set(delta.id, { kind: "user", user: userFromRecord(delta) });
  }

  const plan: Plan = { create: [], update: [], delete: [], unchanged: 0, escrow: [] };
  for (const [id, outcome] of outcomes) {
    const stored = existing.get(id);
    if (outcome.kind === "escrowed") {
      plan.escrow.push(outcome.entry);
    } else if (outcome.kind === "removed" || !isInScope(outcome.user, options.scope)) {
      if (stored !== undefined) plan.delete.push(id);
    } else {
      const contact = toContact(outcome.user, options.defaultCountry);
      if (stored === undefined) plan.create.push(contact);
      else if (!contactsEqual(stored, contact)) plan.update.push(contact);
      else plan.unchanged += 1;
    }
  }
  plan.escrow.push(...escrowWithoutId);
  return plan;
}

/** The object ids a page mentions, to load their stored contacts before planning (malformed ids skipped). */
export function pageIds(records: readonly unknown[]): string[] {
  const ids = new Set<string>();
  for (const record of records) {
    if (
      typeof record === "object" &&
      record !== null &&
      typeof (record as { id?: unknown }).id === "string"
    ) {
      ids.add((record as { id: string }).id);
    }
  }
  return [...ids];
}
