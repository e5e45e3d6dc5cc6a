/**
 * The programmatic API of the sync: what a scheduled Azure Function or a ROGER365 integration calls.
 * The CLI (sync/cli/main.ts) is a thin shell over these functions.
 */
export * from "./model";
export type { ContactDirectory, PageChange } from "./store/contactDirectory";
export type { RoundCheckpoint, RoundCheckpointStore } from "./store/roundCheckpoint";
export type { RunLog } from "./store/runLog";
export type { Store, StoreBackend, StoredTenant, TenantLock, TenantStore } from "./store/store";
export { openStore, isPostgresUrl, type OpenStoreOptions } from "./store/openStore";
export { openSqliteStore } from "./store/sqlite/sqliteStore";
export type { DirectorySource, SourcePage } from "./engine/directorySource";
export { DeltaTokenExpiredError } from "./engine/directorySource";
export { runSync, type SyncPolicy } from "./engine/runSync";

export {
  syncTenant,
  type SyncTenantOptions,
  type SyncRunOptions,
  type SyncResult,
} from "./engine/syncTenant";
export { SyncRunError, type SyncProgress } from "./engine/runSync";
export type { PlannedChanges } from "./engine/dryRunStore";
export { lookup, type LookupResult } from "./api/lookup";
export { status, type StatusOptions, type StatusReport } from "./api/status";
export { doctor, type DoctorOptions, type DoctorReport, type DoctorCheck } from "./api/doctor";
export { exportDirectory, type ExportOptions } from "./api/exportDirectory";
export type { DirectoryOptions } from "./api/options";

export type { SettingsInput } from "./config/settings";
export { CLOUDS, type CloudName } from "./config/clouds";
export { ExitCode, ReplicatorError, type ExitCodeValue } from "./errors";
export { createLogger, REDACT_PATHS } from "./log";
