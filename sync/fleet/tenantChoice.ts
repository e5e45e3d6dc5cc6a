/**
 * `--tenant` (and `--fleet FILE`) of the read-only commands (lookup, status, export): which tenant's
 * directory of a multi-tenant store they read. A tenant is named by its id, or — with the fleet file —
 * by its fleet name; unset, it is AZURE_TENANT_ID, else the store's only tenant (the store lists its
 * tenants when that is ambiguous). With the fleet file the store is the fleet's unless --db says otherwise.
 */
import { ExitCode, ReplicatorError } from "../errors";
import type { FleetTenantSlot } from "./fleetConfig";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TenantChoice {
  /** The tenant id to read; undefined: the store's only tenant. */
  tenantId: string | undefined;
  /** The fleet file's store, when one was given. */
  storeLocation: string | undefined;
}

export async function chooseTenant(
  options: { tenant?: string; fleet?: string },
  env: NodeJS.ProcessEnv,
): Promise<TenantChoice> {
  const wanted = options.tenant ?? (env.AZURE_TENANT_ID === "" ? undefined : env.AZURE_TENANT_ID);
  if (options.fleet === undefined) {
    if (options.tenant !== undefined && !GUID.test(options.tenant)) {
      throw new ReplicatorError({
        code: "tenant-name-without-fleet",
        field: "--tenant",
        message: `--tenant ${options.tenant} is not a tenant id, and names are known only from a fleet file.`,
        fix: `Give the tenant's id (a GUID), or add --fleet <fleet file> to name it as the fleet file does.`,
        exitCode: ExitCode.Usage,
      });
    }
    return { tenantId: wanted?.toLowerCase(), storeLocation: undefined };
  }
  // Only with a fleet file: the YAML/zod reader and the store's location rules are not loaded otherwise.
  const { loadFleetConfig } = await import("./fleetConfig");
  const { fleetStoreLocation } = await import("./storeLocation");
  const config = loadFleetConfig(options.fleet);
  const known = config.tenants.flatMap((slot) => {
    const tenantId = tenantIdOf(slot);
    return tenantId === null ? [] : [{ name: slot.place.name, tenantId }];
  });
  const listing = known.map((tenant) => `${tenant.name ?? "(unnamed)"} (${tenant.tenantId})`).join(", ");
  const storeLocation = fleetStoreLocation(config, env);
  if (wanted === undefined) {
    if (known.length === 1) return { tenantId: known[0]?.tenantId, storeLocation };
    throw new ReplicatorError({
      code: "tenant-ambiguous",
      field: "--tenant",
      message: `The fleet ${options.fleet} has ${known.length} tenants: ${listing}. Which one is meant?`,
      fix: "Name it with --tenant <name or id> (or set AZURE_TENANT_ID).",
      exitCode: ExitCode.Usage,
    });
  }
  const match = known.find((tenant) => tenant.name === wanted || tenant.tenantId === wanted.toLowerCase());
  if (match === undefined) {
    throw new ReplicatorError({
      code: "tenant-unknown",
      field: options.tenant === undefined ? "AZURE_TENANT_ID" : "--tenant",
      message: `The fleet ${options.fleet} has no tenant '${wanted}'; it has ${listing}.`,
      fix: "Give one of those names or ids.",
      exitCode: ExitCode.Usage,
    });
  }
  return { tenantId: match.tenantId, storeLocation };
}

function tenantIdOf(slot: FleetTenantSlot): string | null {
  return slot.ok ? slot.tenant.tenantId : slot.tenantId;
}
