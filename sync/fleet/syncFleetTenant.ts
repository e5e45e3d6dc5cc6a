/**
 * One tenant of a fleet, start to finish, never throwing: resolve its settings, run the ordinary engine
 * with its own Graph client (so its throttling, retries and token cache are its own), and turn whatever
 * happens into a TenantReport. Whatever one tenant does, the caller gets a report and moves on.
 */
import type pino from "pino";
import type { SyncSettings } from "../config/settings";
import { type SyncResult, type SyncRunOptions, syncWithSettings } from "../engine/syncTenant";
import type { Store } from "../store/store";
import type { FleetConfig, FleetTenantSlot } from "./fleetConfig";
import { resolveTenantSettings } from "./tenantSettings";
import { reportOfError, reportOfRun, type TenantReport } from "./tenantReport";

export type TenantSyncer = (settings: SyncSettings, options: SyncRunOptions) => Promise<SyncResult>;

export interface FleetTenantRunOptions {
  env: NodeJS.ProcessEnv;
  /** The fleet's one store (path or postgres:// URL). */
  store: string;
  /** That store, opened once and shared by every tenant's run (null: each run opens it, e.g. a dry run of no store). */
  openStore?: Store | null;
  full?: boolean;
  dryRun?: boolean;
  background?: boolean;
  retry?: SyncRunOptions["retry"];
  logger: pino.Logger;
  /** @default syncWithSettings, the engine behind `sync` */
  syncTenant?: TenantSyncer;
}

export function slotName(slot: FleetTenantSlot): string {
  return slot.place.name ?? `tenants[${slot.place.index}]`;
}

export async function syncFleetTenant(
  slot: FleetTenantSlot,
  config: Pick<FleetConfig, "baseDir">,
  options: FleetTenantRunOptions,
): Promise<TenantReport> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const name = slotName(slot);
  if (!slot.ok) return reportOfError(name, slot.tenantId, slot.error, elapsed(), []);
  const logger = options.logger.child({ tenant: name, tenantId: slot.tenant.tenantId });
  let secrets: string[] = [];
  try {
    const resolved = resolveTenantSettings(slot.tenant, slot.place, config, options.store, options.env);
    secrets = resolved.secrets;
    const result = await (options.syncTenant ?? syncWithSettings)(resolved.settings, {
      full: options.full ?? false,
      dryRun: options.dryRun ?? false,
      background: options.background ?? true,
      logger,
      ...(options.retry !== undefined && { retry: options.retry }),
      ...(options.openStore != null && { store: options.openStore }),
    });
    const report = reportOfRun(name, result, elapsed());
    logger.info({ outcome: report.outcome, durationMs: report.durationMs }, "tenant synced");
    return report;
  } catch (error) {
    const report = reportOfError(name, slot.tenant.tenantId, error, elapsed(), secrets);
    logger.warn({ outcome: report.outcome, code: report.error?.code }, "tenant did not sync");
    return report;
  }
}
