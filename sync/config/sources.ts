import fs from "node:fs";
import { ExitCode, ReplicatorError } from "../errors";
import { type SettingsLayer, SettingsResolver } from "./settings";
import {
  configFileSchema,
  ENVIRONMENT_VARIABLES,
  FLAGS,
  REPLICATOR_IDENTITY_VARIABLES,
  SETTING_NAMES,
  type SettingName,
  type SettingsInput,
} from "./settingsTable";
import { parseStackOutputs } from "./stackOutputs";

export function flagsLayer(values: SettingsInput): SettingsLayer {
  return { values, describe: (field) => FLAGS[field] };
}

/** Values given directly by a program calling the API (`syncTenant({ tenantId, … })`). */
export function optionsLayer(values: SettingsInput): SettingsLayer {
  return { values, describe: (field) => `options.${field}` };
}

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
  const parsed = configFileSchema().safeParse(json);
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
          ? `Remove or rename it; known keys are ${SETTING_NAMES.join(", ")}.`
          : "Correct the value's type or range (see the settings table in docs/CLI.md).",
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
  for (const field of SETTING_NAMES) {
    if (options[field] !== undefined) (values as Record<string, unknown>)[field] = options[field];
  }
  return new SettingsResolver([optionsLayer(values), environmentLayer(env)]);
}
