/**
 * The fleet's own user-facing errors. A problem with the file as a whole (unreadable, not YAML, no tenant
 * list, two tenants with one name) stops `fleet sync` before any tenant runs; a problem with one tenant's
 * entry is that tenant's outcome and the others run. Messages never quote a value that could be a secret.
 */
import { ExitCode, ReplicatorError } from "../errors";

/** Where a tenant sits in the file, for messages: `tenant 'contoso' (tenants[2] in fleet.yaml)`. */
export interface TenantPlace {
  file: string;
  index: number;
  name: string | null;
}

export function describePlace(place: TenantPlace): string {
  const position = `tenants[${place.index}] in ${place.file}`;
  return place.name === null ? position : `tenant '${place.name}' (${position})`;
}

export function fleetConfigUnreadable(file: string, reason: string): ReplicatorError {
  return new ReplicatorError({
    code: "fleet-config-unreadable",
    field: "--config",
    message: `Cannot read the fleet config ${file} (${reason}).`,
    fix: "Check the path of the fleet file (fleet sync/work --config, or --fleet).",
    exitCode: ExitCode.Usage,
  });
}

export function fleetConfigInvalid(
  file: string,
  field: string,
  problem: string,
  fix: string,
): ReplicatorError {
  return new ReplicatorError({
    code: "fleet-config-invalid",
    field: field === "" ? "--config" : field,
    message: `The fleet config ${file}: ${field === "" ? "" : `'${field}' `}${problem}`,
    fix,
    exitCode: ExitCode.Usage,
  });
}

/** One tenant's entry is wrong: reported as that tenant's outcome, the fleet carries on. */
export function fleetTenantInvalid(
  place: TenantPlace,
  field: string,
  problem: string,
  fix: string,
  /** The entry is fine but the variable its clientSecretEnv names is not set. */
  secretMissing = false,
): ReplicatorError {
  return new ReplicatorError({
    code: secretMissing ? "fleet-secret-missing" : "fleet-tenant-invalid",
    field: `tenants[${place.index}].${field}`,
    message: `${describePlace(place)}: ${field} ${problem}`,
    fix,
    exitCode: ExitCode.Usage,
  });
}
