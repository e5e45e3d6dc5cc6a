import type { ErrorCodeArea } from "../errorCatalogue";
import { ExitCode } from "../errors";

/** The codes of `fleet sync`, `fleet work` and `--tenant`/`--fleet` (sync/fleet/). */
export const FLEET_ERROR_CODES: ErrorCodeArea = {
  area: "Fleets (fleet sync, fleet work, --tenant)",
  codes: [
    {
      code: "fleet-config-unreadable",
      exitCode: ExitCode.Usage,
      meaning: "The fleet file could not be read; no tenant ran.",
      fix: "Check the path given to --config (fleet sync, fleet work) or --fleet.",
    },
    {
      code: "fleet-config-invalid",
      exitCode: ExitCode.Usage,
      meaning:
        "The fleet file as a whole is wrong (not YAML/JSON, an unknown top-level key, no tenants, two tenants with one name or id); no tenant ran.",
      fix: "Fix the key or line the message names; see the fleet file example in docs/CLI.md.",
    },
    {
      code: "fleet-tenant-invalid",
      exitCode: ExitCode.Usage,
      meaning:
        "One tenant's entry is wrong (a missing or malformed field, two secret sources, a secret written into the file, another tenant's stack outputs): that tenant's outcome is invalid-config, the others ran.",
      fix: "Fix the field of that tenant the message names (`tenants[i].field`).",
    },
    {
      code: "fleet-secret-missing",
      exitCode: ExitCode.Usage,
      meaning:
        "The environment variable a tenant's clientSecretEnv names is not set: that tenant did not run.",
      fix: "Set the variable to the tenant's client secret, or give the tenant keyVault or stackOutputs.",
    },
    {
      code: "fleet-work-needs-postgres",
      exitCode: ExitCode.Usage,
      meaning: "fleet work shares tenants through PostgreSQL, but the fleet's store is an SQLite file.",
      fix: "Set store: postgres://… in the fleet file (or ENTRA_REPLICATOR_DB); on one machine use fleet sync.",
    },
    {
      code: "tenant-name-without-fleet",
      exitCode: ExitCode.Usage,
      meaning: "--tenant was given a name, but names are known only from a fleet file.",
      fix: "Give the tenant id, or add --fleet <fleet file>.",
    },
    {
      code: "tenant-ambiguous",
      exitCode: ExitCode.Usage,
      meaning: "The fleet file has several tenants and none was chosen; the message lists them.",
      fix: "Name one with --tenant <name or id> (or AZURE_TENANT_ID).",
    },
    {
      code: "tenant-unknown",
      exitCode: ExitCode.Usage,
      meaning: "The fleet file has no tenant with that name or id; the message lists the ones it has.",
      fix: "Give one of the listed names or ids.",
    },
  ],
};
