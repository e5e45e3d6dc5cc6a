import { GUID_PATTERN as GUID } from "../contract";
import path from "node:path";
import { ExitCode, ReplicatorError } from "../errors";
import { isPostgresUrl } from "../store/openStore";
import { DEFAULT_DELETION_GUARD, type DeletionGuardPolicy } from "../engine/deletionGuard";
import { CLOUD_NAMES, CLOUDS, type CloudName } from "./clouds";
import { parseDefaultCountry } from "./country";

/** Every setting, as any one source (flags, config file, environment, stack outputs) may give it. */
export interface SettingsInput {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** The vault holding the client secret (the infra's mirror), e.g. "https://kv-contoso.vault.azure.net". */
  keyVaultUrl?: string;
  /** The name of the client secret in that vault (stack output `keyVault.secretName`). */
  keyVaultSecretName?: string;
  /** @default "public" */
  cloud?: string;
  /** Overrides the cloud's authority host, e.g. "https://login.microsoftonline.us". */
  authorityHost?: string;
  /** Overrides the cloud's Graph endpoint, e.g. "https://graph.microsoft.com". */
  graphEndpoint?: string;
  /** @default "entra-replicator.db" in the working directory */
  storePath?: string;
  /** ISO 3166-1 alpha-2 ("NL") or calling code ("31") for numbers written without a country code. */
  defaultCountry?: string;
  /** @default false */
  includeGuests?: boolean;
  /** @default false */
  includeDisabled?: boolean;
  /** @default DEFAULT_DELETION_GUARD.maxDeletes */
  maxDeletes?: number;
  /** @default DEFAULT_DELETION_GUARD.maxDeletePercent */
  maxDeletePercent?: number;
  /** Approves deletions beyond the guard's thresholds. @default false */
  allowDeletes?: boolean;
  /** Asks Graph for at most this many users per page (`Prefer: odata.maxpagesize`). @default Graph's own */
  pageSize?: number;
}

export type SettingName = keyof SettingsInput;

/** One source of settings, with how to name each field to the user when its value is wrong. */
export interface SettingsLayer {
  values: SettingsInput;
  describe(field: SettingName): string;
  /**
   * Fields this layer read from @azure/identity's own variables (AZURE_TENANT_ID, AZURE_CLIENT_ID,
   * AZURE_CLIENT_SECRET). When the client secret comes from Key Vault they describe the identity that
   * reads the vault (DefaultAzureCredential), not the replicator app, so they are skipped.
   */
  ambientIdentity?: ReadonlySet<SettingName>;
}

export interface EndpointSettings {
  cloud: CloudName;
  authorityHost: string;
  graphEndpoint: string;
}

/** Where the replicator app's client secret is read, each time a token needs it. */
export interface KeyVaultSecretLocation {
  /** The vault's origin, e.g. "https://kv-contoso.vault.azure.net". */
  vaultUrl: string;
  secretName: string;
}

export interface CredentialSettings {
  tenantId: string;
  clientId: string;
  /** The secret's value, or the Key Vault secret holding it (read with DefaultAzureCredential). */
  clientSecret: string | KeyVaultSecretLocation;
}

export interface StoreSettings {
  storePath: string;
  defaultCountry: string | null;
}

export interface SyncSettings extends EndpointSettings, CredentialSettings, StoreSettings {
  scope: { includeGuests: boolean; includeDisabled: boolean };
  deletionGuard: DeletionGuardPolicy;
  pageSize: number | null;
}

export const DEFAULT_STORE_FILE = "entra-replicator.db";

/** Key Vault's rule for object names. */
const KEY_VAULT_NAME = /^[0-9a-zA-Z-]{1,127}$/;

function given(value: unknown): boolean {
  return value !== undefined && value !== "";
}

/**
 * Picks each setting from the first layer that has it (layers are given highest precedence first)
 * and validates it, naming the field as the user wrote it (`--tenant-id`, `AZURE_TENANT_ID`, …).
 */
export class SettingsResolver {
  constructor(private readonly layers: readonly SettingsLayer[]) {}

  private pick<K extends SettingName>(
    field: K,
    skipAmbientIdentity = false,
  ): { value: SettingsInput[K]; label: string } | null {
    for (const layer of this.layers) {
      if (skipAmbientIdentity && layer.ambientIdentity?.has(field) === true) continue;
      const value = layer.values[field];
      if (given(value)) return { value, label: layer.describe(field) };
    }
    return null;
  }

  /** Every client secret any layer holds, valid or not: output is scrubbed of each of them. */
  knownSecrets(): string[] {
    return this.layers
      .map((layer) => layer.values.clientSecret)
      .filter((secret): secret is string => secret !== undefined);
  }

  endpoints(): EndpointSettings {
    const cloudPick = this.pick("cloud");
    const cloud = (cloudPick?.value ?? "public").toLowerCase();
    if (!isCloudName(cloud)) {
      throw invalid(
        "cloud",
        cloudPick?.label ?? "cloud",
        `'${cloudPick?.value}' is not a known cloud.`,
        `Use one of: ${CLOUD_NAMES.join(", ")}.`,
      );
    }
    return {
      cloud,
      authorityHost: this.httpsUrl("authorityHost") ?? CLOUDS[cloud].authorityHost,
      graphEndpoint: this.httpsUrl("graphEndpoint") ?? CLOUDS[cloud].graphEndpoint,
    };
  }

  credentials(): CredentialSettings {
    const clientSecret = this.clientSecretSource();
    const fromVault = typeof clientSecret !== "string";
    return {
      tenantId: this.guid("tenantId", "the Directory (tenant) ID of the Entra tenant", fromVault),
      clientId: this.guid("clientId", "the Application (client) ID of the replicator app", fromVault),
      clientSecret,
    };
  }

  /**
   * The first layer that gives a client secret or a Key Vault location decides — except that AZURE_*
   * variables are shared with @azure/identity: once a Key Vault location is given anywhere, they describe
   * the identity that reads the vault (DefaultAzureCredential) and are not the replicator's. The stack
   * outputs hold `keyVault` only when the secret itself is not shown. A layer giving both is ambiguous.
   */
  private clientSecretSource(): string | KeyVaultSecretLocation {
    const vaultAnywhere = this.layers.some(
      (layer) => given(layer.values.keyVaultUrl) || given(layer.values.keyVaultSecretName),
    );
    for (const layer of this.layers) {
      const { values } = layer;
      const vaultHere = given(values.keyVaultUrl) || given(values.keyVaultSecretName);
      const secretHere =
        given(values.clientSecret) && !(vaultAnywhere && layer.ambientIdentity?.has("clientSecret") === true);
      if (vaultHere && secretHere) {
        const vaultLabel = layer.describe(given(values.keyVaultUrl) ? "keyVaultUrl" : "keyVaultSecretName");
        throw new ReplicatorError({
          code: "setting-conflict",
          field: "clientSecret",
          message: `Both ${layer.describe("clientSecret")} and ${vaultLabel} are set: the client secret would come from two places.`,
          fix: `Give either the secret or its Key Vault location (${FLAG_OF_KEY_VAULT_URL} and ${FLAG_OF_KEY_VAULT_SECRET}), not both.`,
          exitCode: ExitCode.Usage,
        });
      }
      if (vaultHere) return this.keyVaultLocation();
      if (secretHere) return values.clientSecret as string;
    }
    return this.required("clientSecret", "the replicator app's client secret").value;
  }

  private keyVaultLocation(): KeyVaultSecretLocation {
    const urlPick = this.pick("keyVaultUrl");
    const namePick = this.pick("keyVaultSecretName");
    if (urlPick === null || namePick === null) {
      const missing = urlPick === null ? "keyVaultUrl" : "keyVaultSecretName";
      const present = urlPick ?? namePick;
      throw new ReplicatorError({
        code: "setting-missing",
        field: missing,
        message: `${present?.label ?? "A Key Vault setting"} is set but the ${missing === "keyVaultUrl" ? "vault URL" : "secret name"} (${missing}) is not.`,
        fix: `Set ${this.describeEverywhere(missing)} too (the stack output \`keyVault\` has both: vaultUri and secretName).`,
        exitCode: ExitCode.Usage,
      });
    }
    const name = (namePick.value ?? "").trim();
    if (!KEY_VAULT_NAME.test(name)) {
      throw invalid(
        "keyVaultSecretName",
        namePick.label,
        `'${name}' is not a Key Vault secret name.`,
        "Use 1–127 letters, digits and dashes: the name of the secret, not its URL (see `pulumi stack output keyVault`).",
      );
    }
    return { vaultUrl: this.vaultOrigin(urlPick.value ?? "", urlPick.label), secretName: name };
  }

  private vaultOrigin(value: string, label: string): string {
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

  store(): StoreSettings {
    const storePick = this.pick("storePath");
    const countryPick = this.pick("defaultCountry");
    let defaultCountry: string | null = null;
    if (countryPick !== null) {
      defaultCountry = parseDefaultCountry(countryPick.value ?? "");
      if (defaultCountry === null) {
        throw invalid(
          "defaultCountry",
          countryPick.label,
          `'${countryPick.value}' is not a country code.`,
          'Use an ISO 3166-1 alpha-2 code such as "NL" or "GB", or a calling code such as "31".',
        );
      }
    }
    const location = storePick?.value ?? DEFAULT_STORE_FILE;
    // A PostgreSQL URL names a shared store (ENTRA_REPLICATOR_DB=postgres://…); anything else is a file.
    return { storePath: isPostgresUrl(location) ? location : path.resolve(location), defaultCountry };
  }

  sync(): SyncSettings {
    const maxDeletes = this.integer("maxDeletes", 0, Number.MAX_SAFE_INTEGER);
    const maxDeletePercent = this.number("maxDeletePercent", 0, 100);
    return {
      ...this.endpoints(),
      ...this.credentials(),
      ...this.store(),
      scope: {
        includeGuests: this.pick("includeGuests")?.value ?? false,
        includeDisabled: this.pick("includeDisabled")?.value ?? false,
      },
      deletionGuard: {
        maxDeletes: maxDeletes ?? DEFAULT_DELETION_GUARD.maxDeletes,
        maxDeletePercent: maxDeletePercent ?? DEFAULT_DELETION_GUARD.maxDeletePercent,
        allowDeletes: this.pick("allowDeletes")?.value ?? DEFAULT_DELETION_GUARD.allowDeletes,
      },
      pageSize: this.integer("pageSize", 1, 999),
    };
  }

  private required<K extends "tenantId" | "clientId" | "clientSecret">(
    field: K,
    what: string,
    fromVault = false,
  ) {
    const picked = this.pick(field, fromVault);
    if (picked === null || picked.value === undefined) {
      const ambient = fromVault ? this.pick(field) : null;
      throw new ReplicatorError({
        code: "setting-missing",
        field,
        message:
          `${what} (${field}) is not set.` +
          (ambient === null
            ? ""
            : ` ${ambient.label} does not count: with the secret in Key Vault it belongs to the identity that reads the vault.`),
        fix:
          fromVault && field !== "clientSecret"
            ? `Set ${REPLICATOR_IDENTITY_LABELS[field as "tenantId" | "clientId"]}, ${field} in the --config file, or pass --stack-outputs with the output of \`pulumi stack output --json\` (no --show-secrets needed).`
            : `Set ${this.describeEverywhere(field)}` +
              (field === "clientSecret"
                ? `, read it from Key Vault with ${FLAG_OF_KEY_VAULT_URL} and ${FLAG_OF_KEY_VAULT_SECRET},`
                : "") +
              " or pass --stack-outputs with the output of `pulumi stack output --json --show-secrets`.",
        exitCode: ExitCode.Usage,
      });
    }
    return { value: picked.value, label: picked.label };
  }

  private guid(field: "tenantId" | "clientId", what: string, fromVault = false): string {
    const { value, label } = this.required(field, what, fromVault);
    const trimmed = value.trim();
    if (!GUID.test(trimmed)) {
      throw invalid(
        field,
        label,
        `'${trimmed}' is not a GUID.`,
        `Use ${what}: a GUID like 00000000-0000-0000-0000-000000000000 (see \`pulumi stack output ${field}\`).`,
      );
    }
    return trimmed.toLowerCase();
  }

  private httpsUrl(field: "authorityHost" | "graphEndpoint"): string | null {
    const picked = this.pick(field);
    if (picked === null) return null;
    let url: URL;
    try {
      url = new URL(picked.value ?? "");
    } catch {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' is not a URL.`,
        "Give an https URL such as https://graph.microsoft.com.",
      );
    }
    if (url.protocol !== "https:" || (url.pathname !== "/" && url.pathname !== "") || url.search !== "") {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' must be an https origin without a path or query.`,
        "Give only scheme, host and port, such as https://graph.microsoft.com.",
      );
    }
    return url.origin;
  }

  private number(field: "maxDeletePercent", min: number, max: number): number | null {
    const picked = this.pick(field);
    if (picked === null) return null;
    const value = Number(picked.value);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' is out of range.`,
        `Give a number from ${min} to ${max}.`,
      );
    }
    return value;
  }

  private integer(field: "maxDeletes" | "pageSize", min: number, max: number): number | null {
    const picked = this.pick(field);
    if (picked === null) return null;
    const value = Number(picked.value);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw invalid(
        field,
        picked.label,
        `'${picked.value}' is not a whole number from ${min} to ${max}.`,
        `Give a whole number from ${min} to ${max}.`,
      );
    }
    return value;
  }

  private describeEverywhere(field: SettingName): string {
    return [...new Set(this.layers.map((layer) => layer.describe(field)))].join(" or ");
  }
}

const FLAG_OF_KEY_VAULT_URL = "--key-vault-url";
const FLAG_OF_KEY_VAULT_SECRET = "--key-vault-secret-name";
/** Where the replicator app's ids can come from when AZURE_* belong to the vault reader. */
const REPLICATOR_IDENTITY_LABELS: Record<"tenantId" | "clientId", string> = {
  tenantId: "--tenant-id or ENTRA_REPLICATOR_TENANT_ID",
  clientId: "--client-id or ENTRA_REPLICATOR_CLIENT_ID",
};

function isCloudName(value: string): value is CloudName {
  return (CLOUD_NAMES as string[]).includes(value);
}

function invalid(field: SettingName, label: string, problem: string, fix: string): ReplicatorError {
  return new ReplicatorError({
    code: "setting-invalid",
    field,
    message: `${label}: ${problem}`,
    fix,
    exitCode: ExitCode.Usage,
  });
}
