/**
 * The composition root of `fleet work`: the fleet's PostgreSQL store opened (and migrated, lease table
 * included) once, a small pool for the lease statements, then the worker loop. Workers share nothing but
 * the database, so any number of them may run on any number of machines with the same fleet file.
 */
import { ExitCode, ReplicatorError } from "../errors";
import { createPool } from "../store/postgres/pgPool";
import { DEFAULT_SCHEMA, takeSchemaParameter } from "../store/postgres/postgresStore";
import { quoteIdent } from "../store/postgres/postgresSchema";
import { openStore } from "../store/openStore";
import { type FleetWorkerOptions, leaseableTenants, runFleetWorker, workerIdentity } from "./fleetWorker";
import type { FleetConfig } from "./fleetConfig";
import { DEFAULT_FLEET_CONCURRENCY, DEFAULT_INTERVAL_SECONDS, DEFAULT_LEASE_SECONDS } from "./fleetDefaults";
import { type FleetReport, poolSizeFor } from "./runFleet";
import { displayStoreLocation, fleetStoreLocation, isDatabaseUrl } from "./storeLocation";
import { TenantLeases } from "./tenantLeases";

export interface WorkFleetOptions extends Omit<
  FleetWorkerOptions,
  "leases" | "openStore" | "intervalSeconds"
> {
  /** @default host:pid:random */
  workerId?: string;
  /** @default 120 */
  leaseSeconds?: number;
  /** @default 900 (15 minutes) */
  intervalSeconds?: number;
}

export async function workFleet(config: FleetConfig, options: WorkFleetOptions): Promise<FleetReport> {
  const location = fleetStoreLocation(config, options.env);
  if (!isDatabaseUrl(location)) {
    throw new ReplicatorError({
      code: "fleet-work-needs-postgres",
      field: "store",
      message: `fleet work shares the fleet's tenants through PostgreSQL, but the store is ${displayStoreLocation(location)}.`,
      fix: "Set store: postgres://… in the fleet file (or ENTRA_REPLICATOR_DB); on one machine, `fleet sync` needs no database server.",
      exitCode: ExitCode.Usage,
    });
  }
  const concurrency = options.concurrency ?? config.concurrency ?? DEFAULT_FLEET_CONCURRENCY;
  const store = await openStore(location, { maxConnections: poolSizeFor(concurrency) });
  // The leases live beside the store's tables: same database, same schema (`?schema=` or the default).
  const { url, schema } = takeSchemaParameter(location);
  const pool = createPool(url, { max: 2, options: `-c search_path=${quoteIdent(schema ?? DEFAULT_SCHEMA)}` });
  try {
    const leases = new TenantLeases(
      pool,
      options.workerId ?? workerIdentity(),
      options.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
      leaseableTenants(config).map((tenant) => tenant.tenantId),
    );
    return await runFleetWorker(config, {
      ...options,
      leases,
      openStore: store,
      intervalSeconds: options.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
    });
  } finally {
    await pool.end();
    await store.close();
  }
}
