import { z } from "zod";
import { describe, explain, flag, guidList, pathCommand, structured, text } from "./configFields";

/** The name every stack used before names were per stack; a stack that still uses it must say so. */
export const LEGACY_KEY_VAULT_SECRET_NAME = "entra-replicator-client-secret";

/**
 * The default Key Vault secret name of a stack: one per stack, so two tenants mirrored into one vault
 * never write (and, on destroy, never forget or delete) each other's secret. Stack names may hold `_` and
 * `.`, which Key Vault names may not.
 */
export function defaultKeyVaultSecretName(stack: string): string {
  return `entra-replicator-${stack.replace(/[^A-Za-z0-9-]/g, "-")}`.slice(0, 127);
}

/** Where the current client secret is mirrored. */
export interface KeyVaultConfig {
  /** Resource group of the vault (existing; the stack never creates resource groups). */
  resourceGroupName: string;
  /** Vault name, 3–24 characters. */
  vaultName: string;
  /** Name of the Key Vault secret. @default `defaultKeyVaultSecretName(<stack>)`, e.g. entra-replicator-contoso */
  secretName?: string;
  /** Create the vault (true) or write into an existing one (false). @default false */
  create: boolean;
  /** Azure region of a created vault, e.g. `westeurope`. Required when `create` is true. */
  location?: string;
  /** Object ids that may read secrets of a created vault (e.g. the sync host's managed identity). @default [] */
  readerObjectIds: string[];
}

export const KEY_VAULT_CONFIG_KEYS = [
  "resourceGroupName",
  "vaultName",
  "secretName",
  "create",
  "location",
  "readerObjectIds",
] as const;

const KEY = "keyVault";
const EXAMPLE = `${KEY}: { resourceGroupName: rg-identity, vaultName: kv-entra-replicator }`;
const LOCATION_FIX = `${pathCommand(`${KEY}.location`, "westeurope")} (names: az account list-locations -o table).`;

const required = (field: string, valid: RegExp, problem: (value: string) => string, example: string) => {
  const fix = pathCommand(`${KEY}.${field}`, example);
  return z.preprocess(
    (value) => (typeof value === "string" ? value.trim() : (value ?? undefined)),
    z
      .string({
        error: (issue) =>
          explain(issue.input === undefined ? "is missing." : `is ${describe(issue.input)}, not text.`, fix),
      })
      .refine((value) => valid.test(value), { error: (issue) => explain(problem(String(issue.input)), fix) }),
  );
};

const fields = z
  .strictObject(
    {
      resourceGroupName: required(
        "resourceGroupName",
        /^[-\w.()]{0,89}[-\w()]$/,
        (value) =>
          `is "${value}", not a resource group name (1–90 letters, digits, - _ . ( ), not ending in a dot).`,
        "<existing resource group>",
      ),
      vaultName: required(
        "vaultName",
        /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/,
        (value) =>
          `is "${value}", not a Key Vault name (3–24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen).`,
        "kv-entra-replicator",
      ),
      secretName: text(() => pathCommand(`${KEY}.secretName`, "entra-replicator-<stack>")).refine(
        (value) => value === undefined || /^[a-zA-Z0-9-]{1,127}$/.test(value),
        {
          error: (issue) =>
            explain(
              `is ${describe(issue.input)}, not a Key Vault secret name (1–127 letters, digits and hyphens).`,
              pathCommand(`${KEY}.secretName`, "entra-replicator-<stack>"),
            ),
        },
      ),
      create: flag(false, (key) => pathCommand(key, "false")),
      location: text(() => LOCATION_FIX).refine(
        (value) => value === undefined || /^[a-z][a-z0-9]*$/.test(value),
        {
          error: (issue) =>
            explain(
              `is ${describe(issue.input)}, not an Azure region name (lower case, no spaces, e.g. westeurope).`,
              LOCATION_FIX,
            ),
        },
      ),
      readerObjectIds: guidList(
        `${KEY}.readerObjectIds`,
        `${pathCommand(`${KEY}.readerObjectIds[0]`, "<object id of the reading identity>")}.`,
      ),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? explain("is not a known Key Vault setting.", `use only ${KEY_VAULT_CONFIG_KEYS.join(", ")}.`)
          : explain(`is ${describe(issue.input)}, not an object.`, `write it as ${EXAMPLE}.`),
    },
  )
  .superRefine((vault, ctx) => {
    const refuse = (field: string, problem: string, fix: string) =>
      ctx.addIssue({ code: "custom", path: [field], message: explain(problem, fix) });
    if (vault.create && (vault.location === undefined || vault.location === "")) {
      refuse("location", "is missing, and a vault the stack creates needs a region.", LOCATION_FIX);
    } else if (!vault.create && vault.location !== undefined) {
      refuse(
        "location",
        "is set, but the vault is not created by this stack (keyVault.create is false), so it would be ignored.",
        `remove it, or set ${KEY}.create to true to create the vault.`,
      );
    } else if (!vault.create && vault.readerObjectIds.length > 0) {
      refuse(
        "readerObjectIds",
        "is set, but access to an existing vault is managed outside this stack.",
        "grant those identities the Key Vault Secrets User role (or a get/list access policy) on the vault, and remove the setting; or set keyVault.create to true.",
      );
    }
  });

/** The `keyVault` setting: absent → no Key Vault resources. */
export const keyVaultConfigSchema = z.preprocess(
  structured("object", EXAMPLE),
  fields
    .transform((vault): KeyVaultConfig => ({
      resourceGroupName: vault.resourceGroupName,
      vaultName: vault.vaultName,
      ...(vault.secretName === undefined ? {} : { secretName: vault.secretName }),
      create: vault.create,
      ...(vault.location === undefined ? {} : { location: vault.location }),
      readerObjectIds: vault.readerObjectIds,
    }))
    .optional(),
);
