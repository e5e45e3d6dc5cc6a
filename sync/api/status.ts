import type { StoreSettings } from "../config/settings";
import { settingsFromOptions } from "../config/sources";
import type { EscrowedRecord, InvalidNumberReport, RunSummary } from "../model";
import type { DirectoryOptions } from "./options";
import { withStore } from "./openStore";

export interface StatusReport {
  storePath: string;
  contacts: number;
  /** Whether the next sync of the last synced tenant can be incremental (null before the first run). */
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

export function status(options: StatusOptions = {}): StatusReport {
  return statusWithSettings(settingsFromOptions(options, options.env ?? process.env).store(), options.runs);
}

export function statusWithSettings({ storePath }: StoreSettings, runs = 10): StatusReport {
  return withStore(storePath, (store) => {
    const recentRuns = store.recentRuns(runs);
    const lastTenant = recentRuns[0]?.tenantId;
    return {
      storePath,
      contacts: store.countContacts(),
      incrementalReady: lastTenant === undefined ? null : store.getDeltaLink(lastTenant) !== null,
      recentRuns,
      invalidNumbers: store.invalidNumbers(),
      escrowed: store.escrowed(),
    };
  });
}
