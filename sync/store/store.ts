import type { ContactDirectory } from "./contactDirectory";
import type { RoundCheckpointStore } from "./roundCheckpoint";
import type { RunLog } from "./runLog";

/** What one run (or one read-only command) sees: one tenant's directory, checkpoint and run log. */
export interface TenantStore {
  readonly tenantId: string;
  readonly directory: ContactDirectory;
  readonly checkpoint: RoundCheckpointStore;
  readonly runs: RunLog;
}

/** A tenant the store holds anything of (contacts, a checkpoint or a run). */
export interface StoredTenant {
  tenantId: string;
  contacts: number;
  /** When its last run finished (ISO 8601); null when it never ran. */
  lastRunAt: string | null;
}

/** Exclusive right to write one tenant's round: a second run of the same tenant is refused. */
export interface TenantLock {
  readonly tenantId: string;
  release(): Promise<void>;
}

export type StoreBackend = "sqlite" | "postgres";

/**
 * A replica store: many tenants' directories in one database. Backends (SQLite file, PostgreSQL) and
 * wrappers (dry run) implement it; the composition root picks one with `openStore`.
 */
export interface Store {
  readonly backend: StoreBackend;
  /** The file path, or the PostgreSQL URL without its password: safe to show. */
  readonly location: string;
  /** Everything of one tenant, and only of it. */
  forTenant(tenantId: string): TenantStore;
  /** The tenants this store holds, ordered by id. */
  tenants(): Promise<StoredTenant[]>;
  /**
   * Takes the writer lock of one tenant for a run: runs for different tenants proceed in parallel, a
   * second run for the same tenant → ReplicatorError "store-locked". SQLite: the `<file>.lock` beside
   * the store (shared by the runs of one process); PostgreSQL: a session advisory lock.
   */
  lockTenant(tenantId: string): Promise<TenantLock>;
  close(): Promise<void>;
}
