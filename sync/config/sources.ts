import fs from "node:fs";
import type { z } from "zod";
import { ExitCode, ReplicatorError } from "../errors";
import { type SettingName, type SettingsInput, type SettingsLayer, SettingsResolver } from "./settings";
import { parseStackOutputs } from "./stackOutputs";

/** The environment variables the sync honours, by setting (the first three are @azure/identity's names). */
export const ENVIRONMENT_VARIABLES: Partial<Record<SettingName, string>> = {
  tenantId: "AZURE_TENANT_ID",
  clientId: "AZURE_CLIENT_ID",
  clientSecret: "AZURE_CLIENT_SECRET",
  keyVaultUrl: "ENTRA_REPLICATOR_KEY_VAULT_URL",
  keyVaultSecretName: "ENTRA_REPLICATOR_KEY_VAULT_SECRET",
  authorityHost: "AZURE_AUTHORITY_HOST",
  graphEndpoint: "GRAPH_ENDPOINT",
  storePath: "ENTRA_REPLICATOR_DB",
  defaultCountry: "ENTRA_REPLICATOR_COUNTRY",
};

/** The CLI flag of each setting, for error messages. */
export const FLAGS: Record<SettingName, string> = {
  tenantId: "--tenant-id",
  clientId: "--client-id",
  clientSecret: "--client-secret",
  keyVaultUrl: "--key-vault-url",
  keyVaultSecretName: "--key-vault-secret-name",
  cloud: "--cloud",
  authorityHost: "--authority-host",
  graphEndpoint: "--graph-endpoint",
  storePath: "--db",
  defaultCountry: "--country",
  includeGuests: "--include-guests",
  includeDisabled: "--include-disabled",
  maxDeletes: "--max-deletes",
  maxDeletePercent: "--max-delete-percent",
  allowDeletes: "--allow-deletes",
  pageSize: "--page-size",
};

export function flagsLayer(values: SettingsInput): SettingsLayer {
  return { values, describe: (field) => FLAGS[field] };
}

/** Values given directly by a program calling the API (`syncTenant({ tenantId, … })`). */
export function optionsLayer(values: SettingsInput): SettingsLayer {
  return { values, describe: (field) => `options.${field}` };
}

/**
 * The replicator app's own ids, for when AZURE_TENANT_ID / AZURE_CLIENT_ID describe another identity
 * (the one DefaultAzureCredential uses to read the secret from Key Vault). They win over AZURE_*.
 */
export const REPLICATOR_IDENTITY_VARIABLES: Partial<Record<SettingName, string>> = {
  tenantId: "ENTRA_REPLICATOR_TENANT_ID",
  clientId: "ENTRA_REPLICATOR_CLIENT_ID",
};

/** @azure/identity's variables: the vault reader's, not the replicator's, when Key Vault holds the secret. */
const AZURE_IDENTITY_FIELDS: ReadonlySet<SettingName> = new Set(["tenantId", "clientId", "clientSecret"]);

export function environmentLayer(env: NodeJS.ProcessEnv): SettingsLayer {
  const values: SettingsInput = {};
  const variables: Partial<Record<SettingName, string>> = { ...ENVIRONMENT_VARIABLES };
  const ambientIdentity = new Set<SettingName>();
  for (const [field, variable] of Object.entries(ENVIRONMENT_VARIABLES) as [SettingName, string][]) {
    const own = REPLICATOR_IDENTITY_VARIABLES[field];
    const chosen = own !== undefined && given(env[own]) ? own : variable;
    const value = env[chosen];
    if (!given(value)) continue;
    (values as Record<string, string>)[field] = value as string;
    variables[field] = chosen;
    if (chosen === variable && AZURE_IDENTITY_FIELDS.has(field)) ambientIdentity.add(field);
  }
  return { values, describe: (field) => variables[field] ?? FLAGS[field], ambientIdentity };
}

function given(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

/**
 * The config file: every setting under its own name; unknown keys are refused so typos don't pass silently.
 * Built on first use: zod costs ~60 ms to load, which only a run with --config should pay (issue 8).
 */
function configFileSchema() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy, see above
  const { z: zod } = require("zod") as { z: typeof z };
  return buildConfigFileSchema(zod);
}

function buildConfigFileSchema(z: typeof import("zod").z) {
  return z.strictObject({
    tenantId: z.string().optional(),
    clientId: z.string().optional(),
    clientSecret: z.string().optional(),
    keyVaultUrl: z.string().optional(),
    keyVaultSecretName: z.string().optional(),
    cloud: z.enum(["public", "usgov", "china"]).optional(),
    authorityHost: z.string().optional(),
    graphEndpoint: z.string().optional(),
    storePath: z.string().optional(),
    defaultCountry: z.string().optional(),
    includeGuests: z.boolean().optional(),
    includeDisabled: z.boolean().optional(),
    maxDeletes: z.number().int().min(0).optional(),
    maxDeletePercent: z.number().min(0).max(100).optional(),
    allowDeletes: z.boolean().optional(),
    pageSize: z.number().int().min(1).max(999).optional(),
  });
}

let schema: ReturnType<typeof buildConfigFileSchema> | undefined;

export function configFileLayer(file: string): SettingsLayer {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ReplicatorError({
      code: "config-unreadable",
      field: "--config",
      message: `Cannot read the config file ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
      fix: "Check the path given to --config.",
      exitCode: ExitCode.Usage,
    });
  }
  return parseConfigFile(text, file);
}

export function parseConfigFile(text: string, file: string): SettingsLayer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReplicatorError({
      code: "config-invalid",
      field: "--config",
      message: `The config file ${file} is not valid JSON (${(error as Error).message}).`,
      fix: "Fix the JSON syntax of the config file.",
      exitCode: ExitCode.Usage,
    });
  }
  const CONFIG_FILE_SCHEMA = (schema ??= configFileSchema());
  const parsed = CONFIG_FILE_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field =
      issue?.code === "unrecognized_keys" ? issue.keys.join(", ") : (issue?.path ?? []).map(String).join(".");
    throw new ReplicatorError({
      code: "config-invalid",
      field: `config.${field}`,
      message: `The config file ${file}: '${field || "(root)"}' ${issue?.message ?? "is invalid"}.`,
      fix:
        issue?.code === "unrecognized_keys"
          ? `Remove or rename it; known keys are ${Object.keys(CONFIG_FILE_SCHEMA.shape).join(", ")}.`
          : "Correct the value's type or range (see the options table in the README).",
      exitCode: ExitCode.Usage,
    });
  }
  return { values: parsed.data, describe: (field) => `${field} in ${file}` };
}

/** `--stack-outputs FILE` or `--stack-outputs -` (stdin), i.e. `pulumi stack output --json --show-secrets`. */
export function stackOutputsLayer(
  source: string,
  readStdin: () => string = () => fs.readFileSync(0, "utf8"),
): SettingsLayer {
  let text: string;
  try {
    text = source === "-" ? readStdin() : fs.readFileSync(source, "utf8");
  } catch (error) {
    throw new ReplicatorError({
      code: "stack-outputs-unreadable",
      field: "--stack-outputs",
      message: `Cannot read the stack outputs from ${source} (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
      fix: "Pass a file written by `pulumi stack output --json --show-secrets > outputs.json`, or - to read stdin.",
      exitCode: ExitCode.Usage,
    });
  }
  const label = source === "-" ? "stdin" : source;
  return {
    values: parseStackOutputs(text, label),
    describe: (field) => `${field} in the stack outputs (${label})`,
  };
}

/** For the programmatic API: options given in code win over the environment. */
export function settingsFromOptions(options: SettingsInput, env: NodeJS.ProcessEnv): SettingsResolver {
  const values: SettingsInput = {};
  for (const field of Object.keys(FLAGS) as SettingName[]) {
    if (options[field] !== undefined) (values as Record<string, unknown>)[field] = options[field];
  }
  return new SettingsResolver([optionsLayer(values), environmentLayer(env)]);
}
