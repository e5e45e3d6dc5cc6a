import type { Plan } from "../model";

/**
 * What one round has decided beyond single pages: deletes wait until the round ends (so the deletion
 * guard sees them all at once), and a full round remembers which users it kept, so contacts it never
 * kept can be reconciled away. A later page wins over an earlier one, as if pages were applied in order.
 */
export class RoundLedger {
  private readonly pendingDeletes = new Set<string>();
  private readonly kept = new Set<string>();

  /** Ids deleted earlier in the round: planning must treat them as gone, as if already applied. */
  isPendingDelete(id: string): boolean {
    return this.pendingDeletes.has(id);
  }

  /**
   * `existingIds` are the stored contacts the page was planned against. A record is kept when the plan
   * creates, updates, escrows or leaves unchanged its contact; anything else (removed, out of scope) is not.
   */
  notePage(recordIds: readonly string[], existingIds: ReadonlySet<string>, plan: Plan): void {
    const deleted = new Set(plan.delete);
    const kept = new Set<string>([
      ...plan.create.map((contact) => contact.id),
      ...plan.update.map((contact) => contact.id),
      ...plan.escrow.map((record) => record.id),
    ]);
    for (const id of recordIds) if (existingIds.has(id) && !deleted.has(id)) kept.add(id);

    for (const id of recordIds) {
      if (kept.has(id)) {
        // A re-add later in the round cancels a delete planned earlier in it.
        this.pendingDeletes.delete(id);
        this.kept.add(id);
      } else {
        this.kept.delete(id);
      }
    }
    for (const id of deleted) this.pendingDeletes.add(id);
  }

  plannedDeletes(): string[] {
    return [...this.pendingDeletes];
  }

  /** Users the round kept: in scope, or escrowed (a malformed record is no reason to delete a contact). */
  keptInRound(): ReadonlySet<string> {
    return this.kept;
  }
}
