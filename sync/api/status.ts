import type { StoreSettings } from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import type { EscrowedRecord, InvalidNumberReport, RunSummary } from "../model";
import { type DirectoryOptions, tenantOf } from "./options";
import { withTenantStore } from "./openStore";

export interface StatusReport {
  /** The store file, or the PostgreSQL URL without its password. */
  storePath: string;
  /** The tenant reported on ('' for contacts of a store from before stores were keyed by tenant). */
  tenantId: string;
  contacts: number;
  /** Whether the tenant's next sync can be incremental (null before its first run). */
  incrementalReady: boolean | null;
  /** Most recent first. */
  recentRuns: RunSummary[];
  invalidNumbers: InvalidNumberReport[];
  escrowed: EscrowedRecord[];
}

export interface StatusOptions extends DirectoryOptions {
  /** @default 10 */
  runs?: number;
}

export async function status(options: StatusOptions = {}): Promise<StatusReport> {
  const settings = settingsFromOptions(options, options.env ?? process.env).store();
  return statusWithSettings(settings, options.runs, tenantOf(options));
}

/** `tenant`: which tenant to report on, when the store holds several (see `selectTenant`). */
export async function statusWithSettings(
  { storePath }: StoreSettings,
  runs = 10,
  tenant?: string,
): Promise<StatusReport> {
  return withTenantStore(storePath, tenant, async (store, opened) => {
    const recentRuns = await store.runs.recent(runs);
    return {
      storePath: opened.location,
      tenantId: store.tenantId,
      contacts: await store.directory.countContacts(),
      incrementalReady: recentRuns.length === 0 ? null : (await store.checkpoint.read()) !== null,
      recentRuns,
      invalidNumbers: await store.directory.invalidNumbers(),
      escrowed: await store.directory.escrowed(),
    };
  });
}
