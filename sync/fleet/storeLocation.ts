import path from "node:path";
import { DEFAULT_STORE_FILE } from "../config/settings";
import { isPostgresUrl } from "../store/openStore";
import type { FleetConfig } from "./fleetConfig";

/** The one store of the whole fleet: the file's `store`, else ENTRA_REPLICATOR_DB, else the default file. */
export function fleetStoreLocation(
  config: Pick<FleetConfig, "store" | "baseDir">,
  env: NodeJS.ProcessEnv,
): string {
  if (config.store !== null) {
    return isDatabaseUrl(config.store) ? config.store : path.resolve(config.baseDir, config.store);
  }
  const fromEnv = env.ENTRA_REPLICATOR_DB;
  if (fromEnv !== undefined && fromEnv !== "")
    return isDatabaseUrl(fromEnv) ? fromEnv : path.resolve(fromEnv);
  return path.resolve(DEFAULT_STORE_FILE);
}

/** The store's own rule: a postgres:// URL is the PostgreSQL backend, anything else an SQLite file. */
export function isDatabaseUrl(location: string): boolean {
  return isPostgresUrl(location);
}

/** For reports and logs: a database URL without its password. */
export function displayStoreLocation(location: string): string {
  if (!isDatabaseUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password !== "") url.password = "*****";
    return url.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
