/**
 * `fleet work`: one of several processes (on one machine or many) sharing a fleet through PostgreSQL.
 * It keeps up to `concurrency` tenants in flight: whenever slots are free it claims that many due tenants
 * (TenantLeases.claim: one statement, SKIP LOCKED), syncs each exactly as `fleet sync` does, renews the
 * lease while the run lasts, and completes it — which schedules the tenant's next sync `interval` later.
 * A worker that dies keeps its leases only until they run out; then the others pick its tenants up, and
 * since a run saves its deltaLink only after its whole round, the next run simply does the round again.
 */
import os from "node:os";
import { randomBytes } from "node:crypto";
import type pino from "pino";
import { silentLogger } from "../log";
import { DEFAULT_FLEET_CONCURRENCY, type FleetConfig, type FleetTenantSlot } from "./fleetConfig";
import type { FleetReport } from "./runFleet";
import { displayStoreLocation, fleetStoreLocation } from "./storeLocation";
import { type FleetTenantRunOptions, syncFleetTenant } from "./syncFleetTenant";
import type { ClaimedTenant, TenantLeaseStore } from "./tenantLeases";
import { type TenantReport, worstExitCode } from "./tenantReport";

export interface FleetWorkerOptions extends Omit<FleetTenantRunOptions, "store" | "logger"> {
  leases: TenantLeaseStore;
  concurrency?: number;
  /** After a tenant's sync, its next one is due this much later. */
  intervalSeconds: number;
  /** Stop once none of the fleet's tenants is due any more (a scheduled job); else run until `signal`. */
  once: boolean;
  /** How often to look for due tenants when there is nothing to claim. @default 1000 */
  pollMs?: number;
  signal?: AbortSignal;
  logger?: pino.Logger;
  onTenantDone?: (report: TenantReport) => void;
}

/** host:pid:random — unique per process, readable in the lease table. */
export function workerIdentity(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export function leaseableTenants(config: FleetConfig): { tenantId: string; name: string }[] {
  return config.tenants.flatMap((slot) =>
    slot.ok ? [{ tenantId: slot.tenant.tenantId, name: slot.tenant.name }] : [],
  );
}

export async function runFleetWorker(config: FleetConfig, options: FleetWorkerOptions): Promise<FleetReport> {
  const started = performance.now();
  const store = fleetStoreLocation(config, options.env);
  const concurrency = options.concurrency ?? config.concurrency ?? DEFAULT_FLEET_CONCURRENCY;
  const logger = (options.logger ?? silentLogger()).child({ worker: options.leases.owner });
  const { leases } = options;
  const slots = new Map(
    config.tenants.flatMap((slot) => (slot.ok ? [[slot.tenant.tenantId, slot] as const] : [])),
  );
  // The latest report of each tenant this worker ran (bounded by the fleet, however long it runs).
  const reports = new Map<string, TenantReport>();
  // Entries that are not even valid are reported by every worker; they are never leased.
  for (const slot of config.tenants.filter((candidate) => !candidate.ok)) {
    const report = await syncFleetTenant(slot, config, { ...options, store, logger });
    reports.set(report.name, report);
  }
  await leases.register(leaseableTenants(config));

  const pollMs = options.pollMs ?? 1000;
  const running = new Set<Promise<void>>();
  const runClaimed = async (claimed: ClaimedTenant): Promise<void> => {
    const slot = slots.get(claimed.tenantId) as FleetTenantSlot;
    const heartbeat = setInterval(() => {
      leases.renew(claimed.tenantId).then(
        (held) =>
          held || logger.warn({ tenantId: claimed.tenantId }, "lost the lease of a tenant still syncing"),
        (error: unknown) =>
          logger.warn({ err: error, tenantId: claimed.tenantId }, "could not renew a lease"),
      );
    }, options.leases.renewEveryMs);
    heartbeat.unref();
    try {
      const report = await syncFleetTenant(slot, config, { ...options, store, logger });
      // Another run of the tenant held its lock (a lease that ran out while its worker still ran):
      // try again after a lease period rather than skipping a whole interval.
      const next =
        report.error?.code === "store-locked" ? options.leases.leaseSeconds : options.intervalSeconds;
      const completed = await leases.complete(claimed.tenantId, report.outcome, next);
      if (!completed) logger.warn({ tenantId: claimed.tenantId }, "the lease ran out before the sync ended");
      reports.set(report.name, report);
      options.onTenantDone?.(report);
    } finally {
      clearInterval(heartbeat);
    }
  };

  while (options.signal?.aborted !== true) {
    let claimed: ClaimedTenant[];
    try {
      claimed = await leases.claim(concurrency - running.size);
    } catch (error) {
      // The database is away (restart, network): a service keeps its running tenants and tries again;
      // a one-shot job lets them finish and then fails, so its scheduler sees it.
      if (options.once) {
        await Promise.allSettled(running);
        throw error;
      }
      logger.warn({ err: error }, "could not claim tenants; trying again");
      await Promise.race([...running, sleep(pollMs, options.signal)]);
      continue;
    }
    for (const tenant of claimed) {
      logger.info({ tenantId: tenant.tenantId, tenant: tenant.name }, "claimed a tenant");
      const run: Promise<void> = runClaimed(tenant)
        .catch((error: unknown) =>
          logger.error({ err: error, tenantId: tenant.tenantId }, "a tenant run broke"),
        )
        .finally(() => running.delete(run));
      running.add(run);
    }
    if (running.size >= concurrency) {
      await Promise.race(running);
      continue;
    }
    if (claimed.length > 0) continue;
    if (options.once && running.size === 0 && !(await leases.anyDue())) break;
    await Promise.race([...running, sleep(pollMs, options.signal)]);
  }
  await Promise.all(running);
  return {
    store: displayStoreLocation(store),
    concurrency,
    durationMs: Math.round(performance.now() - started),
    exitCode: worstExitCode([...reports.values()].map((report) => report.exitCode)),
    tenants: [...reports.values()],
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
