/**
 * Pure checks of single setting values, each failure a ReplicatorError naming the field as the user wrote
 * it (`label`: `--tenant-id`, `AZURE_TENANT_ID`, `tenantId in replicator.json`, …) and the fix.
 */
import fs from "node:fs";
import path from "node:path";
import { ExitCode, ReplicatorError } from "../errors";
import { CLOUD_NAMES, type CloudName } from "./clouds";
import { SETTING_NAMES, type SettingName } from "./settingsTable";

export { GUID_PATTERN as GUID } from "../contract";

/**
 * A PostgreSQL URL (the store's backend is chosen by it; store/openStore decides the same way). Kept here so
 * the settings do not import the store, which loads a database driver.
 */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Key Vault's rule for object names. */
export const KEY_VAULT_NAME = /^[0-9a-zA-Z-]{1,127}$/;

export function given(value: unknown): boolean {
  return value !== undefined && value !== "";
}

export function parseVaultOrigin(value: string, label: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value.trim());
  } catch {
    // reported below
  }
  if (url === null || url.protocol !== "https:" || url.search !== "" || !/^\/?$/.test(url.pathname)) {
    throw invalid(
      "keyVaultUrl",
      label,
      `'${value}' is not a vault URL.`,
      "Give the vault's https origin, e.g. https://kv-contoso.vault.azure.net (stack output keyVault.vaultUri), without /secrets/….",
    );
  }
  return url.origin;
}

export function parseHttpsOrigin(field: SettingName, value: string, label: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(
      field,
      label,
      `'${value}' is not a URL.`,
      "Give an https URL such as https://graph.microsoft.com.",
    );
  }
  if (url.protocol !== "https:" || (url.pathname !== "/" && url.pathname !== "") || url.search !== "") {
    throw invalid(
      field,
      label,
      `'${value}' must be an https origin without a path or query.`,
      "Give only scheme, host and port, such as https://graph.microsoft.com.",
    );
  }
  return url.origin;
}

export function parseInRange(
  field: SettingName,
  raw: unknown,
  label: string,
  min: number,
  max: number,
  integer: boolean,
): number {
  const value = Number(raw);
  const ok = integer ? Number.isInteger(value) : Number.isFinite(value);
  if (ok && value >= min && value <= max) return value;
  throw integer
    ? invalid(
        field,
        label,
        `'${String(raw)}' is not a whole number from ${min} to ${max}.`,
        `Give a whole number from ${min} to ${max}.`,
      )
    : invalid(field, label, `'${String(raw)}' is out of range.`, `Give a number from ${min} to ${max}.`);
}

/**
 * The store file of a sync is created if missing, but not its directory: a typo in --db would otherwise
 * create a directory tree and an empty directory there. A URL (a database server) is not a file.
 */
export function checkStoreDirectory(storePath: string, label: string): void {
  if (isPostgresUrl(storePath) || /^[a-z][a-z0-9+.-]*:\/\//i.test(storePath)) return;
  const directory = path.dirname(storePath);
  let problem: string | null = null;
  try {
    if (!fs.statSync(directory).isDirectory()) problem = "is not a directory";
  } catch {
    problem = "does not exist";
  }
  if (problem === null) return;
  throw invalid(
    "storePath",
    label,
    `the store's directory ${directory} ${problem}.`,
    `Create the directory first (mkdir -p ${directory}), or give ${label} a file in an existing directory.`,
  );
}

export function isCloudName(value: string): value is CloudName {
  return (CLOUD_NAMES as string[]).includes(value);
}

/** One missing setting is reported as it is; several become one error naming each, with each fix. */
export function allMissing(found: readonly ReplicatorError[]): ReplicatorError {
  if (found.length === 1) return found[0] as ReplicatorError;
  const order = (error: ReplicatorError) => SETTING_NAMES.indexOf(error.field as SettingName);
  const errors = [...found].sort((a, b) => order(a) - order(b));
  const fields = errors.map((error) => error.field ?? "?");
  return new ReplicatorError({
    code: "setting-missing",
    field: fields.join(", "),
    message: `${errors.length} required settings are not set: ${errors.map((error) => error.message).join(" ")}`,
    fix: errors.map((error) => `${error.field ?? "?"}: ${error.fix}`).join("\n       "),
    exitCode: ExitCode.Usage,
  });
}

export function invalid(field: SettingName, label: string, problem: string, fix: string): ReplicatorError {
  return new ReplicatorError({
    code: "setting-invalid",
    field,
    message: `${label}: ${problem}`,
    fix,
    exitCode: ExitCode.Usage,
  });
}
