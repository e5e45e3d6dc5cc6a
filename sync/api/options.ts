import type { SettingsInput } from "../config/settings";

/** Settings of the commands that only read the local directory (lookup, status, export). */
export type DirectoryOptions = Pick<SettingsInput, "storePath" | "defaultCountry"> & {
  /** Where unset settings are read from (ENTRA_REPLICATOR_DB, …). @default process.env */
  env?: NodeJS.ProcessEnv;
};
