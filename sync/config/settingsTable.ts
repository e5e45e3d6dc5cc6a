import type { z } from "zod";
import { CLOUD_NAMES } from "./clouds";

/**
 * THE list of the sync's settings. Everything else is derived from it: the `SettingsInput` type, the
 * environment variables, the CLI flags and their help, the config-file schema, the defaults, and the
 * settings table in docs/CLI.md (`npm run docs` regenerates it; a test fails when it is stale).
 * Pure data: no I/O, nothing of ours but the cloud names.
 */

/** How a setting is written: what the flag parses, what the config file accepts, what the docs say. */
export type SettingKind =
  | { type: "string" }
  | { type: "choice"; choices: readonly string[] }
  | { type: "boolean" }
  | { type: "integer"; min: number; max: number }
  | { type: "number"; min: number; max: number };

/** Which commands take a setting as a flag: connection (sync, doctor), store (sync, lookup, status, export), sync only. */
export type SettingGroup = "connection" | "store" | "sync";

export interface SettingSpec {
  kind: SettingKind;
  group: SettingGroup;
  /** The long flag, e.g. "--tenant-id". */
  flag: string;
  /** The flag's argument placeholder, e.g. "<guid>"; none for a switch. */
  argument?: string;
  /** The environment variable (the first three are @azure/identity's own names). */
  env?: string;
  /**
   * The replicator's own variable for an id whose AZURE_* name belongs to @azure/identity: when the secret is
   * read from Key Vault, AZURE_* describe the identity that reads the vault, and this one names the app.
   */
  replicatorEnv?: string;
  /** One line for --help and the docs. */
  help: string;
  /** The default, for the docs (the resolver applies it). */
  defaultText?: string;
  /** Holds a secret: never echoed, and the docs say so. */
  secret?: boolean;
}

export const DEFAULT_STORE_FILE = "entra-replicator.db";

/** The accidental-deletion guard's defaults (Entra provisioning's own threshold is 500). */
export const DELETION_GUARD_DEFAULTS = {
  maxDeletes: 500,
  maxDeletePercent: 20,
  allowDeletes: false,
} as const;

export const SETTINGS = {
  tenantId: {
    kind: { type: "string" },
    group: "connection",
    flag: "--tenant-id",
    argument: "<guid>",
    env: "AZURE_TENANT_ID",
    replicatorEnv: "ENTRA_REPLICATOR_TENANT_ID",
    help: "Entra tenant (directory) id",
  },
  clientId: {
    kind: { type: "string" },
    group: "connection",
    flag: "--client-id",
    argument: "<guid>",
    env: "AZURE_CLIENT_ID",
    replicatorEnv: "ENTRA_REPLICATOR_CLIENT_ID",
    help: "application (client) id of the replicator app",
  },
  clientSecret: {
    kind: { type: "string" },
    group: "connection",
    flag: "--client-secret",
    argument: "<secret>",
    env: "AZURE_CLIENT_SECRET",
    help: "client secret (prefer the variable: flags show in ps)",
    secret: true,
  },
  keyVaultUrl: {
    kind: { type: "string" },
    group: "connection",
    flag: "--key-vault-url",
    argument: "<url>",
    env: "ENTRA_REPLICATOR_KEY_VAULT_URL",
    help: "read the client secret from this vault, as DefaultAzureCredential's identity",
  },
  keyVaultSecretName: {
    kind: { type: "string" },
    group: "connection",
    flag: "--key-vault-secret-name",
    argument: "<name>",
    env: "ENTRA_REPLICATOR_KEY_VAULT_SECRET",
    help: "the client secret's name in that vault",
  },
  cloud: {
    kind: { type: "choice", choices: CLOUD_NAMES },
    group: "connection",
    flag: "--cloud",
    argument: "<cloud>",
    help: "national cloud preset",
    defaultText: "public",
  },
  authorityHost: {
    kind: { type: "string" },
    group: "connection",
    flag: "--authority-host",
    argument: "<url>",
    env: "AZURE_AUTHORITY_HOST",
    help: "overrides the cloud's authority host",
  },
  graphEndpoint: {
    kind: { type: "string" },
    group: "connection",
    flag: "--graph-endpoint",
    argument: "<url>",
    env: "GRAPH_ENDPOINT",
    help: "overrides the cloud's Graph endpoint",
  },
  storePath: {
    kind: { type: "string" },
    group: "store",
    flag: "--db",
    argument: "<path>",
    env: "ENTRA_REPLICATOR_DB",
    help: "the contact directory file (its directory must exist)",
    defaultText: `./${DEFAULT_STORE_FILE}`,
  },
  defaultCountry: {
    kind: { type: "string" },
    group: "store",
    flag: "--country",
    argument: "<code>",
    env: "ENTRA_REPLICATOR_COUNTRY",
    help: "default country for numbers without a country code, e.g. NL or 31",
  },
  includeGuests: {
    kind: { type: "boolean" },
    group: "sync",
    flag: "--include-guests",
    help: "also replicate guest accounts (userType Guest)",
    defaultText: "false",
  },
  includeDisabled: {
    kind: { type: "boolean" },
    group: "sync",
    flag: "--include-disabled",
    help: "also replicate disabled accounts",
    defaultText: "false",
  },
  maxDeletes: {
    kind: { type: "integer", min: 0, max: Number.MAX_SAFE_INTEGER },
    group: "sync",
    flag: "--max-deletes",
    argument: "<n>",
    help: "deletion guard: most deletions a run may apply without --allow-deletes",
    defaultText: String(DELETION_GUARD_DEFAULTS.maxDeletes),
  },
  maxDeletePercent: {
    kind: { type: "number", min: 0, max: 100 },
    group: "sync",
    flag: "--max-delete-percent",
    argument: "<p>",
    help: "deletion guard: most deletions as a percentage of the directory",
    defaultText: String(DELETION_GUARD_DEFAULTS.maxDeletePercent),
  },
  allowDeletes: {
    kind: { type: "boolean" },
    group: "sync",
    flag: "--allow-deletes",
    help: "approve, for this run, deletions beyond the deletion guard's thresholds",
    defaultText: "false",
  },
  pageSize: {
    kind: { type: "integer", min: 1, max: 999 },
    group: "sync",
    flag: "--page-size",
    argument: "<n>",
    help: "users per Graph page (Prefer: odata.maxpagesize)",
    defaultText: "Graph's own",
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

type ValueOf<K extends SettingKind["type"]> = K extends "boolean"
  ? boolean
  : K extends "integer" | "number"
    ? number
    : string;

/** Every setting, as any one source (flags, config file, environment, stack outputs, API options) may give it. */
export type SettingsInput = { [K in SettingName]?: ValueOf<(typeof SETTINGS)[K]["kind"]["type"]> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

export function settingSpec(name: SettingName): SettingSpec {
  return SETTINGS[name];
}

function schemaOf(zod: typeof z, kind: SettingKind): z.ZodType {
  switch (kind.type) {
    case "string":
      return zod.string();
    case "choice":
      return zod.enum(kind.choices as [string, ...string[]]);
    case "boolean":
      return zod.boolean();
    case "integer":
      return zod.number().int().min(kind.min).max(kind.max);
    case "number":
      return zod.number().min(kind.min).max(kind.max);
  }
}

let configSchema: z.ZodType<SettingsInput> | undefined;

/**
 * The config file: every setting under its own name; unknown keys are refused so typos don't pass silently.
 * Built on first use: zod costs ~60 ms to load, which only a run with --config should pay (issue 8).
 */
export function configFileSchema(): z.ZodType<SettingsInput> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy, see above
  const { z: zod } = require("zod") as { z: typeof z };
  configSchema ??= zod.strictObject(
    Object.fromEntries(SETTING_NAMES.map((name) => [name, schemaOf(zod, settingSpec(name).kind).optional()])),
  ) as unknown as z.ZodType<SettingsInput>;
  return configSchema;
}

/** The environment variable of each setting that has one. */
export const ENVIRONMENT_VARIABLES: Partial<Record<SettingName, string>> = Object.fromEntries(
  SETTING_NAMES.flatMap((name) => {
    const variable = settingSpec(name).env;
    return variable === undefined ? [] : [[name, variable]];
  }),
);

/** The replicator app's own variables for its ids (they win over AZURE_*; see SettingSpec.replicatorEnv). */
export const REPLICATOR_IDENTITY_VARIABLES: Partial<Record<SettingName, string>> = Object.fromEntries(
  SETTING_NAMES.flatMap((name) => {
    const variable = settingSpec(name).replicatorEnv;
    return variable === undefined ? [] : [[name, variable]];
  }),
);

/** The CLI flag of each setting, for error messages. */
export const FLAGS = Object.fromEntries(SETTING_NAMES.map((name) => [name, SETTINGS[name].flag])) as Record<
  SettingName,
  string
>;

/** The flag's option name as commander hands it over: "--max-delete-percent" → "maxDeletePercent". */
export function optionKey(name: SettingName): string {
  return SETTINGS[name].flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
