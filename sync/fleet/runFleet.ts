/**
 * `fleet sync`: every tenant of the fleet file, at most `concurrency` at a time, into one store. Each
 * tenant is isolated by construction — its own settings, Graph client, retry timers and store transactions
 * — so one tenant failing, waiting out a 429 or stopped by its deletion guard holds one slot of the pool
 * and nothing else. The result is one report per tenant (in file order) and the worst exit code.
 */
import type pino from "pino";
import type { ExitCodeValue } from "../errors";
import { silentLogger } from "../log";
import { openStore as openStoreAt } from "../store/openStore";
import type { Store } from "../store/store";
import { StoreNotFoundError } from "../store/storeErrors";
import { forEachBounded } from "./boundedPool";
import { DEFAULT_FLEET_CONCURRENCY, type FleetConfig } from "./fleetConfig";
import { displayStoreLocation, fleetStoreLocation } from "./storeLocation";
import { type FleetTenantRunOptions, syncFleetTenant } from "./syncFleetTenant";
import { type TenantReport, worstExitCode } from "./tenantReport";

export interface FleetRunOptions extends Omit<FleetTenantRunOptions, "store" | "logger"> {
  /** Overrides the file's `concurrency`. */
  concurrency?: number;
  logger?: pino.Logger;
  /** Called as each tenant finishes (progress on stderr, a worker recording completion). */
  onTenantDone?: (report: TenantReport) => void;
}

export interface FleetReport {
  /** Where the fleet's directory is; a database URL is shown without its password. */
  store: string;
  concurrency: number;
  durationMs: number;
  exitCode: ExitCodeValue;
  tenants: TenantReport[];
}

export async function runFleet(config: FleetConfig, options: FleetRunOptions): Promise<FleetReport> {
  const started = performance.now();
  const store = fleetStoreLocation(config, options.env);
  const concurrency = options.concurrency ?? config.concurrency ?? DEFAULT_FLEET_CONCURRENCY;
  const logger = options.logger ?? silentLogger();
  const reports: TenantReport[] = new Array<TenantReport>(config.tenants.length);
  logger.info(
    { tenants: config.tenants.length, concurrency, store: displayStoreLocation(store) },
    "fleet sync started",
  );
  // One store for the whole fleet: opened (and migrated) once; every tenant's run gets its own tenant-bound
  // view and its own tenant lock. Not reachable at all → one error for the fleet, as no tenant could run.
  const openStore = await openFleetStore(store, options.dryRun ?? false, concurrency);
  try {
    await forEachBounded(config.tenants, concurrency, async (slot, index) => {
      const report = await syncFleetTenant(slot, config, { ...options, store, openStore, logger });
      reports[index] = report;
      options.onTenantDone?.(report);
    });
  } finally {
    await openStore?.close();
  }
  return {
    store: displayStoreLocation(store),
    concurrency,
    durationMs: Math.round(performance.now() - started),
    exitCode: worstExitCode(reports.map((report) => report.exitCode)),
    tenants: reports,
  };
}

/** A dry run creates nothing: it reads the store if there is one, else each tenant plans against nothing. */
export async function openFleetStore(
  location: string,
  dryRun: boolean,
  concurrency: number,
): Promise<Store | null> {
  // PostgreSQL: each running tenant holds a connection for its advisory lock and needs more for its reads
  // and page transactions; a pool smaller than the locks would leave every run waiting forever.
  const maxConnections = poolSizeFor(concurrency);
  if (!dryRun) return openStoreAt(location, { maxConnections });
  try {
    return await openStoreAt(location, { readonly: true, maxConnections });
  } catch (error) {
    if (error instanceof StoreNotFoundError) return null;
    throw error;
  }
}

/**
 * Connections for `concurrency` tenants at once: per tenant its lock's connection and the two parallel reads
 * of a page's stored contacts (which also covers its page transaction), plus one — but at most 50, so a wide
 * fleet stays within a server's max_connections (default 100). Never fewer than a lock each plus one to
 * spare: below that every run would wait for a connection forever (queries release theirs, so one suffices).
 */
export function poolSizeFor(concurrency: number): number {
  return Math.max(concurrency + 1, Math.min(3 * concurrency + 1, 50));
}
