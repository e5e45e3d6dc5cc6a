import type { Contact, EscrowedRecord, InvalidNumberReport, RunSummary } from "../model";

/**
 * The contact directory as the sync engine sees it. SQLite implements it today; PostgreSQL and push
 * targets implement the same interface later, so nothing above this line knows which one it talks to.
 */
export interface ContactStore {
  /** Contacts with these ids that exist (ids not found are absent from the map). */
  getContacts(ids: readonly string[]): Map<string, Contact>;
  /** Ids of every contact of the directory (for reconciliation after a full round). */
  allContactIds(): Set<string>;
  countContacts(): number;

  /**
   * Apply one page's changes atomically: all of it or none of it. `escrow` replaces any earlier
   * escrow entry with the same id; ids in `resolvedEscrow` are cleared from escrow.
   */
  applyPage(change: PageChange): void;

  /** The stored deltaLink for a tenant, or null when the next run must be a full round. */
  getDeltaLink(tenantId: string): string | null;
  /** The directory settings (scope, default country) the stored deltaLink's round was applied with. */
  getDeltaLinkSettings(tenantId: string): string | null;
  /** Saved only after a round has been fully applied, with the directory settings it was applied with. */
  setDeltaLink(tenantId: string, deltaLink: string, settings: string): void;
  clearDeltaLink(tenantId: string): void;

  /** Contacts owning a phone with exactly this E.164 number. */
  findByE164(e164: string): Contact[];
  /** Every contact, ordered by display name then id (for exports); streamed, not loaded at once. */
  iterateContacts(): IterableIterator<Contact>;

  recordRun(summary: RunSummary): void;
  recentRuns(limit: number): RunSummary[];
  invalidNumbers(): InvalidNumberReport[];
  escrowed(): EscrowedRecord[];

  close(): void;
}

export interface PageChange {
  upsert: readonly Contact[];
  delete: readonly string[];
  escrow: readonly EscrowedRecord[];
  resolvedEscrow: readonly string[];
}
