import type { SettingsInput } from "../config/settings";

/** Settings of the commands that only read the directory (lookup, status, export). */
export type DirectoryOptions = Pick<SettingsInput, "storePath" | "defaultCountry"> & {
  /**
   * The tenant whose directory to read, when the store holds several. @default the environment's
   * AZURE_TENANT_ID, else the only tenant the store holds
   */
  tenant?: string;
  /** Where unset settings are read from (ENTRA_REPLICATOR_DB, …). @default process.env */
  env?: NodeJS.ProcessEnv;
};

/** The tenant a read-only command reads: the option, else the environment's AZURE_TENANT_ID. */
export function tenantOf(options: Pick<DirectoryOptions, "tenant" | "env">): string | undefined {
  return options.tenant ?? (options.env ?? process.env).AZURE_TENANT_ID;
}
