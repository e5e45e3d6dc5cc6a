/**
 * One fleet tenant → the same validated SyncSettings a single-tenant `sync` runs with, so the fleet
 * drives exactly the engine everybody else uses. The ambient AZURE_* variables are deliberately NOT a
 * layer here: in a fleet they belong to no tenant in particular, and one tenant silently borrowing them
 * would sync with another tenant's identity.
 */
import path from "node:path";
import { type SettingName, SettingsResolver, type SyncSettings } from "../config/settings";
import { stackOutputsLayer } from "../config/sources";
import { ReplicatorError } from "../errors";
import type { FleetConfig, FleetTenantEntry } from "./fleetConfig";
import { describePlace, fleetTenantInvalid, type TenantPlace } from "./fleetErrors";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The fleet file's name for each setting, so errors point at the line to change. */
const CONFIG_KEY: Partial<Record<SettingName, string>> = {
  clientSecret: "clientSecretEnv",
  keyVaultUrl: "keyVault.url",
  keyVaultSecretName: "keyVault.secretName",
  defaultCountry: "country",
};

export interface ResolvedTenant {
  settings: SyncSettings;
  /** Every secret value this tenant's resolution saw, for scrubbing output. */
  secrets: string[];
}

/**
 * Resolves a tenant entry into SyncSettings with `store` as its store. Throws a ReplicatorError naming the
 * tenant, the field and the fix (never the secret): the fleet reports it as this tenant's outcome.
 */
export function resolveTenantSettings(
  tenant: FleetTenantEntry,
  place: TenantPlace,
  config: Pick<FleetConfig, "baseDir">,
  store: string,
  env: NodeJS.ProcessEnv,
): ResolvedTenant {
  const clientSecret = secretFromEnvironment(tenant, place, env);
  const values = {
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    clientSecret,
    keyVaultUrl: tenant.keyVault?.url,
    keyVaultSecretName: tenant.keyVault?.secretName,
    authorityHost: tenant.authorityHost,
    graphEndpoint: tenant.graphEndpoint,
    defaultCountry: tenant.country,
    includeGuests: tenant.includeGuests,
    includeDisabled: tenant.includeDisabled,
    maxDeletes: tenant.maxDeletes,
    maxDeletePercent: tenant.maxDeletePercent,
    pageSize: tenant.pageSize,
  };
  const fileLayer = {
    values,
    describe: (field: SettingName) => `${CONFIG_KEY[field] ?? field} of ${describePlace(place)}`,
  };
  const outputs = tenant.stackOutputs === undefined ? null : readStackOutputs(tenant, place, config.baseDir);
  const resolver = new SettingsResolver(outputs === null ? [fileLayer] : [fileLayer, outputs]);
  const settings = { ...resolver.sync(), storePath: store };
  if (settings.defaultCountry === null) {
    throw fleetTenantInvalid(
      place,
      "country",
      "is missing: numbers written without a country code could not be read.",
      'Add country: NL (the ISO 3166-1 alpha-2 code of the tenant\'s main country, or its calling code like "31").',
    );
  }
  return { settings, secrets: resolver.knownSecrets() };
}

function secretFromEnvironment(
  tenant: FleetTenantEntry,
  place: TenantPlace,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const variable = tenant.clientSecretEnv;
  if (variable === undefined) return undefined;
  if (!ENV_NAME.test(variable)) {
    // Not echoed: a value that is not a variable name is most likely the secret pasted in by mistake.
    throw fleetTenantInvalid(
      place,
      "clientSecretEnv",
      "is not the name of an environment variable (letters, digits and _).",
      "Put the secret in an environment variable, e.g. CONTOSO_SECRET, and write clientSecretEnv: CONTOSO_SECRET.",
    );
  }
  const value = env[variable];
  if (value === undefined || value === "") {
    throw fleetTenantInvalid(
      place,
      "clientSecretEnv",
      `names ${variable}, which is not set in the environment.`,
      `Set ${variable} to the client secret of the replicator app in this tenant (pulumi stack output clientSecret --show-secrets), or use keyVault / stackOutputs.`,
      true,
    );
  }
  return value;
}

function readStackOutputs(tenant: FleetTenantEntry, place: TenantPlace, baseDir: string) {
  const file = path.resolve(baseDir, tenant.stackOutputs as string);
  let layer: ReturnType<typeof stackOutputsLayer>;
  try {
    layer = stackOutputsLayer(file);
  } catch (error) {
    if (!(error instanceof ReplicatorError)) throw error;
    throw fleetTenantInvalid(place, "stackOutputs", `could not be used: ${error.message}`, error.fix);
  }
  const { tenantId } = layer.values;
  if (tenantId !== undefined && tenantId.trim().toLowerCase() !== tenant.tenantId) {
    throw fleetTenantInvalid(
      place,
      "stackOutputs",
      `(${file}) is the stack of tenant ${tenantId.trim()}, not of tenantId ${tenant.tenantId}.`,
      "Point stackOutputs at this tenant's `pulumi stack output --json --show-secrets` file.",
    );
  }
  return layer;
}
