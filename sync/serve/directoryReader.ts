import type { Contact } from "../model";

/**
 * What `serve` reads from the store, and nothing more: the service needs read access only. Both
 * backends implement it (`sqliteDirectoryReader.ts`; PostgreSQL after the store's tenant-keyed
 * schema), so adapting to the store's shape is one file per backend.
 *
 * Every method reads the store as it is now: a sync that committed is visible to the next call.
 * A store that cannot be read rejects with `StoreUnavailableError` (the API answers 503).
 */
export interface DirectoryReader {
  /** Cheap probe that the store is reachable (readiness). */
  ping(): Promise<void>;
  /** The directory of one tenant; a tenant without data is an empty directory, never an error. */
  tenant(tenantId: string): TenantDirectory;
  /** Tenants with a directory in this store (for the contacts-per-tenant gauge). */
  tenantIds(): Promise<string[]>;
  close(): Promise<void>;
}

export interface TenantDirectory {
  /** Contacts owning a phone with exactly this E.164 number, ordered by display name then id. */
  findByE164(e164: string): Promise<Contact[]>;
  /** Up to `limit` contacts with an id greater than `afterId`, in id order (a stable cursor). */
  page(afterId: string | null, limit: number): Promise<Contact[]>;
  get(id: string): Promise<Contact | null>;
  /**
   * Every contact in display-name order, streamed (phonebook feeds), with the version of exactly
   * that content: both are read from one snapshot, so an ETag never labels other content.
   */
  snapshot(): Promise<DirectorySnapshot>;
  count(): Promise<number>;
  /**
   * The feeds' ETag source: changes when a sync run of the tenant ends (each run records itself, and a
   * round saves its checkpoint), so a phone picks up a round's changes at its next poll after the round.
   * Cheap: index probes only.
   */
  version(): Promise<string>;
  /** When the tenant's last successful sync finished, or null when it never had one. */
  lastSuccessfulSync(): Promise<Date | null>;
  /** The default country the tenant's directory was synced with (numbers are read in it), or null. */
  defaultCountry(): Promise<string | null>;
}

export interface DirectorySnapshot {
  version: string;
  /** Read lazily; ending the iteration early (`return()`) releases the snapshot. */
  contacts: AsyncIterable<Contact>;
}
