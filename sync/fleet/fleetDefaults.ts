/** The fleet's defaults and limits, apart from the modules that use them so the CLI can show them cheaply. */
export const DEFAULT_FLEET_CONCURRENCY = 4;
export const MAX_FLEET_CONCURRENCY = 64;
/** How long a worker's claim lasts without renewal: a crashed worker's tenants wait this long. */
export const DEFAULT_LEASE_SECONDS = 120;
/** A tenant is due again this long after its sync. */
export const DEFAULT_INTERVAL_SECONDS = 900;
