import type { Contact, EscrowedRecord, InvalidNumberReport } from "../model";

/**
 * One tenant's contact directory. Bound to its tenant when it is made (`Store.forTenant`), so nothing
 * that holds one can read, plan against or delete another tenant's contacts. Every method is one round
 * trip: the engine awaits once per page, never per row.
 */
export interface ContactDirectory {
  readonly tenantId: string;
  /** Contacts with these ids that exist (ids not found are absent from the map). */
  getContacts(ids: readonly string[]): Promise<Map<string, Contact>>;
  /** Ids of every contact of the directory (for reconciliation after a full round). */
  allContactIds(): Promise<Set<string>>;
  countContacts(): Promise<number>;
  /**
   * Apply one page's changes atomically (one transaction): all of it or none of it. `escrow` replaces
   * any earlier escrow entry with the same id; ids in `resolvedEscrow` are cleared from escrow.
   */
  applyPage(change: PageChange): Promise<void>;

  /** Contacts owning a phone with exactly this E.164 number, ordered by display name then id. */
  findByE164(e164: string): Promise<Contact[]>;
  /** Every contact, ordered by display name (case-insensitive) then id; streamed, not loaded at once. */
  iterateContacts(): AsyncIterable<Contact>;
  /** Phone numbers that failed to normalise, with their owner. */
  invalidNumbers(): Promise<InvalidNumberReport[]>;
  /** Records that could not become a contact (written by `applyPage`, so they live with the directory). */
  escrowed(): Promise<EscrowedRecord[]>;
}

export interface PageChange {
  upsert: readonly Contact[];
  delete: readonly string[];
  escrow: readonly EscrowedRecord[];
  resolvedEscrow: readonly string[];
}

export const NO_CHANGE: PageChange = Object.freeze({
  upsert: [],
  delete: [],
  escrow: [],
  resolvedEscrow: [],
});
