import type { CloudName } from "./clouds";
import type { SettingName, SettingsInput } from "./settingsTable";

/** What the resolver hands the sync, validated; each part also alone (endpoints, credentials, store). */
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

/** The accidental-deletion guard's thresholds (engine/deletionGuard applies them). */
export interface DeletionGuardSettings {
  maxDeletes: number;
  maxDeletePercent: number;
  allowDeletes: boolean;
}

export interface SyncSettings extends EndpointSettings, CredentialSettings, StoreSettings {
  scope: { includeGuests: boolean; includeDisabled: boolean };
  deletionGuard: DeletionGuardSettings;
  pageSize: number | null;
}

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
