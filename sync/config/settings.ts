import path from "node:path";
import { ExitCode, ReplicatorError } from "../errors";
import { CLOUD_NAMES, CLOUDS } from "./clouds";
import { parseDefaultCountry } from "./country";
import {
  allMissing,
  checkStoreDirectory,
  given,
  GUID,
  invalid,
  isPostgresUrl,
  isCloudName,
  KEY_VAULT_NAME,
  parseHttpsOrigin,
  parseInRange,
  parseVaultOrigin,
} from "./settingValues";
import type {
  SettingsLayer,
  CredentialSettings,
  EndpointSettings,
  KeyVaultSecretLocation,
  StoreSettings,
  SyncSettings,
} from "./settingsTypes";
import {
  DEFAULT_STORE_FILE,
  DELETION_GUARD_DEFAULTS,
  type SettingName,
  type SettingsInput,
  SETTINGS,
} from "./settingsTable";

export { DEFAULT_STORE_FILE, type SettingName, type SettingsInput };
export type * from "./settingsTypes";

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

  /** Every missing credential is reported in one error, so one run tells a newcomer all they must set. */
  credentials(): CredentialSettings {
    const missing: ReplicatorError[] = [];
    const collect = <T>(read: () => T): T | undefined => {
      try {
        return read();
      } catch (error) {
        if (error instanceof ReplicatorError && error.code === "setting-missing") {
          missing.push(error);
          return undefined;
        }
        throw error;
      }
    };
    const clientSecret = collect(() => this.clientSecretSource());
    const fromVault = clientSecret === undefined ? this.vaultAnywhere() : typeof clientSecret !== "string";
    const tenantId = collect(() =>
      this.guid("tenantId", "the Directory (tenant) ID of the Entra tenant", fromVault),
    );
    const clientId = collect(() =>
      this.guid("clientId", "the Application (client) ID of the replicator app", fromVault),
    );
    if (missing.length > 0) throw allMissing(missing);
    return {
      tenantId: tenantId as string,
      clientId: clientId as string,
      clientSecret: clientSecret as string,
    };
  }

  private vaultAnywhere(): boolean {
    return this.layers.some(
      (layer) => given(layer.values.keyVaultUrl) || given(layer.values.keyVaultSecretName),
    );
  }

  /**
   * The first layer that gives a client secret or a Key Vault location decides — except that AZURE_*
   * variables are shared with @azure/identity: once a Key Vault location is given anywhere, they describe
   * the identity that reads the vault (DefaultAzureCredential) and are not the replicator's. The stack
   * outputs hold `keyVault` only when the secret itself is not shown. A layer giving both is ambiguous.
   */
  private clientSecretSource(): string | KeyVaultSecretLocation {
    const vaultAnywhere = this.vaultAnywhere();
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
    return { vaultUrl: parseVaultOrigin(urlPick.value ?? "", urlPick.label), secretName: name };
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

  /**
   * What a sync that writes needs: `sync()`, and the store's directory must exist (the sync creates the store
   * file, never a directory tree a typo in --db would make). The one check here that reads the disk.
   */
  syncToWrite(): SyncSettings {
    const settings = this.sync();
    checkStoreDirectory(settings.storePath, this.pick("storePath")?.label ?? SETTINGS.storePath.flag);
    return settings;
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
        maxDeletes: maxDeletes ?? DELETION_GUARD_DEFAULTS.maxDeletes,
        maxDeletePercent: maxDeletePercent ?? DELETION_GUARD_DEFAULTS.maxDeletePercent,
        allowDeletes: this.pick("allowDeletes")?.value ?? DELETION_GUARD_DEFAULTS.allowDeletes,
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
    return picked === null ? null : parseHttpsOrigin(field, String(picked.value ?? ""), picked.label);
  }

  private number(field: "maxDeletePercent", min: number, max: number): number | null {
    const picked = this.pick(field);
    return picked === null ? null : parseInRange(field, picked.value, picked.label, min, max, false);
  }

  private integer(field: "maxDeletes" | "pageSize", min: number, max: number): number | null {
    const picked = this.pick(field);
    return picked === null ? null : parseInRange(field, picked.value, picked.label, min, max, true);
  }

  private describeEverywhere(field: SettingName): string {
    return [...new Set(this.layers.map((layer) => layer.describe(field)))].join(" or ");
  }
}

const FLAG_OF_KEY_VAULT_URL = SETTINGS.keyVaultUrl.flag;
const FLAG_OF_KEY_VAULT_SECRET = SETTINGS.keyVaultSecretName.flag;
/** Where the replicator app's ids can come from when AZURE_* belong to the vault reader. */
const REPLICATOR_IDENTITY_LABELS: Record<"tenantId" | "clientId", string> = {
  tenantId: `${SETTINGS.tenantId.flag} or ${SETTINGS.tenantId.replicatorEnv}`,
  clientId: `${SETTINGS.clientId.flag} or ${SETTINGS.clientId.replicatorEnv}`,
};
