/** The sync as the CLI and the programmatic API call it (the composition root is engine/syncTenant.ts). */
export {
  syncTenant,
  syncWithSettings,
  type SyncResult,
  type SyncRunOptions,
  type SyncTenantOptions,
} from "../engine/syncTenant";
export type { SyncProgress } from "../engine/syncPolicy";
