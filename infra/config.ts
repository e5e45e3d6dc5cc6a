import { isSupportedCountry } from "libphonenumber-js";
import {
  COMMON_COUNTRY_CODE_MISTAKES,
  GUID_PATTERN as GUID,
  ISO_3166_ALPHA2,
  NIL_GUID,
} from "../sync/contract";
import type { SecretRotationPolicy } from "./secretSchedule";

/** The Pulumi project name, which is also the namespace of every stack config key. */
export const CONFIG_NAMESPACE = "entra-replicator";

export const DEFAULT_DISPLAY_NAME = "ROGER365.io Azure Entra replicator";
export const DEFAULT_SECRET_VALIDITY_DAYS = 180;
export const DEFAULT_SECRET_ROTATION_DAYS = 60;
export const DEFAULT_SECRET_OVERLAP_DAYS = 30;
export const DEFAULT_KEY_VAULT_SECRET_NAME = "entra-replicator-client-secret";
/** Microsoft Entra refuses longer client secrets; tenant policies may be stricter. */
export const MAX_SECRET_VALIDITY_DAYS = 730;

/** Where the current client secret is mirrored. */
export interface KeyVaultConfig {
  /** Resource group of the vault (existing; the stack never creates resource groups). */
  resourceGroupName: string;
  /** Vault name, 3–24 characters. */
  vaultName: string;
  /** Name of the Key Vault secret. @default "entra-replicator-client-secret" */
  secretName: string;
  /** Create the vault (true) or write into an existing one (false). @default false */
  create: boolean;
  /** Azure region of a created vault, e.g. `westeurope`. Required when `create` is true. */
  location?: string;
  /** Object ids that may read secrets of a created vault (e.g. the sync host's managed identity). @default [] */
  readerObjectIds: string[];
}

export interface ReplicatorConfig {
  /** @default "ROGER365.io Azure Entra replicator" */
  displayName: string;
  /** ISO 3166-1 alpha-2, upper case: the country of local phone numbers without a country prefix. */
  countryCode: string;
  /** Owners besides the deploying principal, lower-case GUIDs, without duplicates. @default [] */
  ownerObjectIds: string[];
  /** @default true */
  grantAdminConsent: boolean;
  /** @default 180 */
  secretValidityDays: number;
  /** @default 60 */
  secretRotationDays: number;
  /** @default 30 */
  secretOverlapDays: number;
  /** `YYYY-MM-DD`, UTC: the first day of rotation window 0. */
  secretRotationAnchor: string;
  /** Absent → no Key Vault resources. */
  keyVault?: KeyVaultConfig;
}

/** A stack config value that the program refuses. The message names the key, the problem and the fix. */
export class ConfigError extends Error {
  readonly key: string;

  constructor(key: string, problem: string, fix: string) {
    super(`${CONFIG_NAMESPACE}:${key} ${problem} Fix: ${fix}`);
    this.name = "ConfigError";
    this.key = `${CONFIG_NAMESPACE}:${key}`;
  }
}

export const CONFIG_KEYS = [
  "displayName",
  "countryCode",
  "ownerObjectIds",
  "grantAdminConsent",
  "secretValidityDays",
  "secretRotationDays",
  "secretOverlapDays",
  "secretRotationAnchor",
  "keyVault",
] as const;

export const KEY_VAULT_CONFIG_KEYS = [
  "resourceGroupName",
  "vaultName",
  "secretName",
  "create",
  "location",
  "readerObjectIds",
] as const;

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : `${JSON.stringify(value)} (${typeof value})`;
}

function setCommand(key: string, example: string): string {
  return `pulumi config set ${key} ${example}`;
}

/** Pulumi hands the program every value as a string, JSON-encoded when it is not a YAML string. */
function decodeStructured(key: string, value: unknown, shape: "list" | "object", example: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigError(
      key,
      `is ${describe(value)}, not a YAML ${shape}.`,
      `write it as a YAML ${shape} in Pulumi.<stack>.yaml, e.g. ${example}.`,
    );
  }
}

function readString(key: string, value: unknown, example: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    throw new ConfigError(key, `is ${describe(value)}, not text.`, setCommand(key, example));
  }
  return value.trim();
}

function readWholeDays(key: string, value: unknown, fallback: number, example: string): number {
  if (value === undefined || value === null) return fallback;
  const days = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 1) {
    throw new ConfigError(
      key,
      `is ${describe(value)}, not a whole number of days ≥ 1.`,
      setCommand(key, example),
    );
  }
  return days;
}

function readBoolean(key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new ConfigError(key, `is ${describe(value)}, not true or false.`, setCommand(key, String(fallback)));
}

function readGuidList(key: string, value: unknown, fix: string): string[] {
  if (value === undefined || value === null) return [];
  const list = decodeStructured(key, value, "list", `${key}: ["<object id>"]`);
  if (!Array.isArray(list)) {
    throw new ConfigError(key, `is ${describe(value)}, not a list of object ids.`, fix);
  }
  const ids = list.map((item, index) => {
    const id = typeof item === "string" ? item.trim() : item;
    if (typeof id !== "string" || !GUID.test(id) || id === NIL_GUID) {
      throw new ConfigError(
        `${key}[${index}]`,
        `is ${describe(item)}, not an object id (a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301).`,
        fix,
      );
    }
    return id.toLowerCase();
  });
  return [...new Set(ids)];
}

function readCountryCode(value: unknown): string {
  const key = "countryCode";
  const raw = readString(key, value, "DE");
  if (raw === undefined || raw === "") {
    throw new ConfigError(
      key,
      "is missing: it is the ISO 3166-1 alpha-2 code of the country whose local phone numbers carry no country prefix (ROGER365's default country).",
      setCommand(key, "DE"),
    );
  }
  const code = raw.toUpperCase();
  const meant = COMMON_COUNTRY_CODE_MISTAKES[code];
  if (meant !== undefined) {
    throw new ConfigError(
      key,
      `is "${raw}", which is not an ISO 3166-1 alpha-2 code.`,
      setCommand(key, meant),
    );
  }
  if (!ISO_3166_ALPHA2.has(code)) {
    throw new ConfigError(
      key,
      `is "${raw}", not an ISO 3166-1 alpha-2 country code (two letters, e.g. DE, GB, US).`,
      setCommand(key, "<two-letter code>"),
    );
  }
  if (!isSupportedCountry(code)) {
    throw new ConfigError(
      key,
      `is "${code}", a territory without its own telephone numbering plan, so local numbers cannot be interpreted.`,
      "set the country whose numbering plan your users' local numbers follow.",
    );
  }
  return code;
}

function readAnchor(value: unknown, now: Date): string {
  const key = "secretRotationAnchor";
  const today = now.toISOString().slice(0, 10);
  const fix = setCommand(key, today);
  const raw = value instanceof Date ? value.toISOString() : readString(key, value, today);
  if (raw === undefined || raw === "") {
    throw new ConfigError(
      key,
      "is missing: it fixes the calendar of the secret rotation windows, so every `pulumi up` computes the same secrets.",
      `${fix} (today, UTC; any past date works).`,
    );
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.000)?Z)?$/.exec(raw);
  const date = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
  if (
    !match ||
    !date ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== raw.slice(0, 10)
  ) {
    throw new ConfigError(key, `is ${describe(value)}, not a calendar date written YYYY-MM-DD.`, fix);
  }
  if (date.getTime() > now.getTime()) {
    throw new ConfigError(
      key,
      `is ${raw.slice(0, 10)}, which is in the future (today is ${today} UTC): the schedule has no window yet.`,
      `${fix} or any earlier date.`,
    );
  }
  return raw.slice(0, 10);
}

function readKeyVault(value: unknown): KeyVaultConfig | undefined {
  const key = "keyVault";
  if (value === undefined || value === null) return undefined;
  const example = `${key}: { resourceGroupName: rg-identity, vaultName: kv-entra-replicator }`;
  const decoded = decodeStructured(key, value, "object", example);
  if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded)) {
    throw new ConfigError(key, `is ${describe(value)}, not an object.`, `write it as ${example}.`);
  }
  const fields = decoded as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (!(KEY_VAULT_CONFIG_KEYS as readonly string[]).includes(field)) {
      throw new ConfigError(
        `${key}.${field}`,
        "is not a known Key Vault setting.",
        `use only ${KEY_VAULT_CONFIG_KEYS.join(", ")}.`,
      );
    }
  }
  const pathFix = (field: string, example: string) => `pulumi config set --path ${key}.${field} ${example}`;

  const resourceGroupName = readString(`${key}.resourceGroupName`, fields.resourceGroupName, "rg-identity");
  if (
    resourceGroupName === undefined ||
    !/^[-\w.()]{1,90}$/.test(resourceGroupName) ||
    resourceGroupName.endsWith(".")
  ) {
    throw new ConfigError(
      `${key}.resourceGroupName`,
      resourceGroupName === undefined
        ? "is missing."
        : `is "${resourceGroupName}", not a resource group name (1–90 letters, digits, - _ . ( ), not ending in a dot).`,
      pathFix("resourceGroupName", "<existing resource group>"),
    );
  }

  const vaultName = readString(`${key}.vaultName`, fields.vaultName, "kv-entra-replicator");
  if (vaultName === undefined || !/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(vaultName)) {
    throw new ConfigError(
      `${key}.vaultName`,
      vaultName === undefined
        ? "is missing."
        : `is "${vaultName}", not a Key Vault name (3–24 letters, digits and single hyphens, starting with a letter, not ending with a hyphen).`,
      pathFix("vaultName", "kv-entra-replicator"),
    );
  }

  const secretName =
    readString(`${key}.secretName`, fields.secretName, DEFAULT_KEY_VAULT_SECRET_NAME) ??
    DEFAULT_KEY_VAULT_SECRET_NAME;
  if (!/^[a-zA-Z0-9-]{1,127}$/.test(secretName)) {
    throw new ConfigError(
      `${key}.secretName`,
      `is "${secretName}", not a Key Vault secret name (1–127 letters, digits and hyphens).`,
      pathFix("secretName", DEFAULT_KEY_VAULT_SECRET_NAME),
    );
  }

  const create = readBoolean(`${key}.create`, fields.create, false);
  const location = readString(`${key}.location`, fields.location, "westeurope");
  if (create && (location === undefined || location === "")) {
    throw new ConfigError(
      `${key}.location`,
      "is missing, and a vault the stack creates needs a region.",
      `${pathFix("location", "westeurope")} (names: az account list-locations -o table).`,
    );
  }
  if (location !== undefined && !/^[a-z][a-z0-9]*$/.test(location)) {
    throw new ConfigError(
      `${key}.location`,
      `is "${location}", not an Azure region name (lower case, no spaces, e.g. westeurope).`,
      `${pathFix("location", "westeurope")} (names: az account list-locations -o table).`,
    );
  }
  if (!create && location !== undefined) {
    throw new ConfigError(
      `${key}.location`,
      "is set, but the vault is not created by this stack (keyVault.create is false), so it would be ignored.",
      `remove it, or set ${key}.create to true to create the vault.`,
    );
  }
  const readerObjectIds = readGuidList(
    `${key}.readerObjectIds`,
    fields.readerObjectIds,
    `${pathFix("readerObjectIds[0]", "<object id of the reading identity>")}.`,
  );
  if (!create && readerObjectIds.length > 0) {
    throw new ConfigError(
      `${key}.readerObjectIds`,
      "is set, but access to an existing vault is managed outside this stack.",
      "grant those identities the Key Vault Secrets User role (or a get/list access policy) on the vault, and remove the setting; or set keyVault.create to true.",
    );
  }

  return {
    resourceGroupName,
    vaultName,
    secretName,
    create,
    ...(location === undefined ? {} : { location }),
    readerObjectIds,
  };
}

/**
 * Validates the stack config (keys without the `entra-replicator:` prefix) before any resource is
 * declared. Values may be YAML types or the strings Pulumi passes to a program. `now` decides whether
 * the rotation anchor is in the future.
 */
export function validateReplicatorConfig(raw: unknown, now: Date): ReplicatorConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(
      "countryCode",
      "is missing: the stack has no entra-replicator config.",
      setCommand("countryCode", "DE"),
    );
  }
  const values = raw as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      throw new ConfigError(
        key,
        "is not a setting of this program.",
        `remove it or use one of ${CONFIG_KEYS.join(", ")}.`,
      );
    }
  }

  const displayName =
    readString("displayName", values.displayName, `"${DEFAULT_DISPLAY_NAME}"`) ?? DEFAULT_DISPLAY_NAME;
  if (displayName === "" || displayName.length > 256) {
    throw new ConfigError(
      "displayName",
      displayName === ""
        ? "is empty."
        : `is ${displayName.length} characters long; Microsoft Entra allows at most 256 for an app registration name.`,
      setCommand("displayName", `"${DEFAULT_DISPLAY_NAME}"`),
    );
  }

  const countryCode = readCountryCode(values.countryCode);
  const ownerObjectIds = readGuidList(
    "ownerObjectIds",
    values.ownerObjectIds,
    "pulumi config set --path 'ownerObjectIds[0]' <object id> (Entra ID → Users → the user → Object ID).",
  );
  const grantAdminConsent = readBoolean("grantAdminConsent", values.grantAdminConsent, true);

  const validity = readWholeDays(
    "secretValidityDays",
    values.secretValidityDays,
    DEFAULT_SECRET_VALIDITY_DAYS,
    "180",
  );
  const rotation = readWholeDays(
    "secretRotationDays",
    values.secretRotationDays,
    DEFAULT_SECRET_ROTATION_DAYS,
    "60",
  );
  const overlap = readWholeDays(
    "secretOverlapDays",
    values.secretOverlapDays,
    DEFAULT_SECRET_OVERLAP_DAYS,
    "30",
  );
  if (validity > MAX_SECRET_VALIDITY_DAYS) {
    throw new ConfigError(
      "secretValidityDays",
      `is ${validity}; Microsoft Entra accepts client secrets of at most ${MAX_SECRET_VALIDITY_DAYS} days (and tenant policies may allow less).`,
      setCommand("secretValidityDays", String(DEFAULT_SECRET_VALIDITY_DAYS)),
    );
  }
  if (validity <= overlap) {
    throw new ConfigError(
      "secretValidityDays",
      `is ${validity}, not longer than secretOverlapDays (${overlap}): a new secret would expire before consumers had the overlap to switch to it.`,
      `set secretValidityDays to at least ${2 * Math.max(rotation, overlap)} or lower secretOverlapDays.`,
    );
  }
  if (rotation < overlap) {
    throw new ConfigError(
      "secretRotationDays",
      `is ${rotation}, shorter than secretOverlapDays (${overlap}): a slot would be replaced before its successor had been current for the overlap.`,
      `${setCommand("secretRotationDays", String(overlap))} or longer, or lower secretOverlapDays.`,
    );
  }
  // Each secret is current for one rotation period and then still used by late consumers for another
  // before its slot is re-issued; with rotation ≥ overlap this also guarantees validity ≥ rotation + overlap.
  if (validity < 2 * rotation) {
    throw new ConfigError(
      "secretValidityDays",
      `is ${validity}, less than twice secretRotationDays (${rotation}): the previous secret would expire before its slot is re-issued.`,
      `set secretValidityDays to at least ${2 * rotation} (max ${MAX_SECRET_VALIDITY_DAYS}), or secretRotationDays to at most ${Math.floor(validity / 2)}.`,
    );
  }

  const secretRotationAnchor = readAnchor(values.secretRotationAnchor, now);
  const keyVault = readKeyVault(values.keyVault);

  return {
    displayName,
    countryCode,
    ownerObjectIds,
    grantAdminConsent,
    secretValidityDays: validity,
    secretRotationDays: rotation,
    secretOverlapDays: overlap,
    secretRotationAnchor,
    ...(keyVault === undefined ? {} : { keyVault }),
  };
}

/**
 * Validates the `config:` map of a `Pulumi.<stack>.yaml` (or `pulumi.runtime.allConfig()`): keys carry
 * their namespace (`entra-replicator:countryCode`); other namespaces (`azuread:`, `azure-native:`) are
 * left to their providers.
 */
export function validateStackFileConfig(configMap: Record<string, unknown>, now: Date): ReplicatorConfig {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(configMap ?? {})) {
    if (key.startsWith(prefix)) own[key.slice(prefix.length)] = value;
  }
  return validateReplicatorConfig(own, now);
}

/** The schedule parameters of a validated config. */
export function rotationPolicyOf(config: ReplicatorConfig): SecretRotationPolicy {
  return {
    anchor: new Date(`${config.secretRotationAnchor}T00:00:00Z`),
    rotationDays: config.secretRotationDays,
    validityDays: config.secretValidityDays,
    overlapDays: config.secretOverlapDays,
  };
}
