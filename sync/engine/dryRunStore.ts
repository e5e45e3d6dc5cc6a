import type { Contact, EscrowedRecord, InvalidNumberReport, RunSummary } from "../model";
import type { ContactStore, PageChange } from "../store/contactStore";

/** What a dry run would have written. */
export interface PlannedChanges {
  upsert: Contact[];
  delete: string[];
  escrow: EscrowedRecord[];
}

/**
 * A ContactStore that writes nothing: reads come from the real directory (or an empty one when there is
 * no store file yet) overlaid with the run's own planned changes, so later pages plan against what earlier
 * pages would have done. Chosen once, at the composition root, like any other store.
 */
export class DryRunStore implements ContactStore {
  private readonly upserts = new Map<string, Contact>();
  private readonly deletes = new Set<string>();
  private readonly escrow = new Map<string, EscrowedRecord>();

  constructor(private readonly base: ContactStore | null) {}

  plannedChanges(): PlannedChanges {
    return {
      upsert: [...this.upserts.values()],
      delete: [...this.deletes],
      escrow: [...this.escrow.values()],
    };
  }

  getContacts(ids: readonly string[]): Map<string, Contact> {
    const found =
      this.base?.getContacts(ids.filter((id) => !this.deletes.has(id))) ?? new Map<string, Contact>();
    for (const id of ids) {
      const planned = this.upserts.get(id);
      if (planned !== undefined) found.set(id, planned);
    }
    return found;
  }

  allContactIds(): Set<string> {
    const ids = this.base?.allContactIds() ?? new Set<string>();
    for (const id of this.upserts.keys()) ids.add(id);
    for (const id of this.deletes) ids.delete(id);
    return ids;
  }

  countContacts(): number {
    return this.allContactIds().size;
  }

  applyPage(change: PageChange): void {
    for (const contact of change.upsert) {
      this.deletes.delete(contact.id);
      this.upserts.set(contact.id, contact);
    }
    for (const id of change.delete) {
      this.upserts.delete(id);
      this.deletes.add(id);
    }
    for (const id of change.resolvedEscrow) this.escrow.delete(id);
    for (const record of change.escrow) this.escrow.set(record.id, record);
  }

  getDeltaLink(tenantId: string): string | null {
    return this.base?.getDeltaLink(tenantId) ?? null;
  }

  getDeltaLinkSettings(tenantId: string): string | null {
    return this.base?.getDeltaLinkSettings(tenantId) ?? null;
  }

  setDeltaLink(): void {}

  clearDeltaLink(): void {}

  findByE164(e164: string): Contact[] {
    const fromBase = (this.base?.findByE164(e164) ?? []).filter(
      (contact) => !this.deletes.has(contact.id) && !this.upserts.has(contact.id),
    );
    const planned = [...this.upserts.values()].filter((contact) =>
      contact.phones.some((phone) => phone.e164 === e164),
    );
    return [...fromBase, ...planned];
  }

  *iterateContacts(): IterableIterator<Contact> {
    for (const contact of this.base?.iterateContacts() ?? []) {
      if (!this.deletes.has(contact.id) && !this.upserts.has(contact.id)) yield contact;
    }
    yield* this.upserts.values();
  }

  recordRun(): void {}

  recentRuns(limit: number): RunSummary[] {
    return this.base?.recentRuns(limit) ?? [];
  }

  invalidNumbers(): InvalidNumberReport[] {
    return this.base?.invalidNumbers() ?? [];
  }

  escrowed(): EscrowedRecord[] {
    return this.base?.escrowed() ?? [];
  }

  close(): void {
    this.base?.close();
  }
}
